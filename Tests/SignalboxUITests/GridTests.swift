import Testing
import SignalboxUI

@Suite struct GridTests {
    @Test func wideCharactersTakeTwoColumnsAndNeverHalfFit() {
        var grid = Grid(width: 7, height: 1)
        #expect(grid.write("名前🦊x", x: 0, y: 0) == 7)
        #expect(grid[0, 0].width == 2)
        #expect(grid[1, 0].isContinuation)
        #expect(grid.lines == ["名前🦊x"])
        var narrow = Grid(width: 3, height: 1)
        #expect(narrow.write("a名前", x: 0, y: 0) == 2)  // 名 does not fit beside the ellipsis: no half of it
        #expect(narrow.lines == ["a… "])
    }

    @Test func overwritingHalfAWideCharacterBlanksTheOtherHalf() {
        var grid = Grid(width: 4, height: 1)
        grid.write("名前", x: 0, y: 0)
        grid.write("x", x: 1, y: 0)
        #expect(grid.lines == [" x前"])
    }

    @Test func escapeSequencesAndControlCharactersAreShownEscaped() {
        var grid = Grid(width: 40, height: 1)
        grid.write("a\u{1B}[31mred\u{7}\r\n\u{9B}2J\u{202E}", x: 0, y: 0)
        #expect(grid.lines == [#"a\e[31mred\x07\r\n\u{9B}2J\u{202E}      "#])
        #expect(grid.cells.allSatisfy { cell in cell.text.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value != 0x7F } })
    }

    @Test(arguments: [("a", 1), ("名", 2), ("🦊", 2), ("é", 1), ("e\u{301}", 1), ("한", 2), ("Ａ", 2), ("\u{200B}", 0)])
    func displayWidths(text: String, columns: Int) {
        #expect(DisplayWidth.of(Character(text)) == columns)
    }
}

@Suite struct GridEdgeTests {
    @Test func fillingNothingOrOffTheEdgeIsHarmless() {
        var grid = Grid(width: 4, height: 1)
        grid.fill(x: 2, y: 0, count: -3, style: .plain, character: "x")
        grid.fill(x: 9, y: 0, count: 3, style: .plain, character: "x")
        grid.fill(x: 3, y: 0, count: 5, style: .plain, character: "x")
        #expect(grid.lines == ["   x"])
    }
}
