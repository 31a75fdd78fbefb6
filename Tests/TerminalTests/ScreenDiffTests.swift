import SignalboxUI
import Testing
@testable import Terminal

/// The screen diff: what a draw sends to the terminal, without a terminal.
@Suite struct ScreenDiffTests {
    typealias Size = ScreenDiff.Size

    static func grid(_ rows: [String], width: Int = 4) -> Grid {
        var grid = Grid(width: width, height: rows.count)
        for (y, row) in rows.enumerated() { grid.write(row, x: 0, y: y) }
        return grid
    }

    static func writes(from previous: Grid?, to grid: Grid, screen: Size, full: Bool = false) -> [ScreenDiff.Write] {
        var writes: [ScreenDiff.Write] = []
        ScreenDiff.forEachWrite(from: previous, to: grid, screen: screen, full: full) { writes.append($0) }
        return writes
    }

    @Test func anUnchangedGridSendsNothing() {
        let grid = Self.grid(["abcd", "efgh"])
        #expect(Self.writes(from: grid, to: grid, screen: Size(width: 4, height: 2)).isEmpty)
    }

    @Test func onlyTheCellsThatChangedAreSent() {
        let before = Self.grid(["abcd", "efgh"])
        var after = before
        after.write("X", x: 2, y: 1)
        after.write("Y", x: 0, y: 0, style: Style(foreground: .green))
        let writes = Self.writes(from: before, to: after, screen: Size(width: 4, height: 2))
        #expect(writes.map { [$0.x, $0.y] } == [[0, 0], [2, 1]])
        #expect(writes[0].cell.style == Style(foreground: .green))  // a change of style alone is a change
        #expect(writes[1].cell.text == "X")
    }

    @Test func aFullRedrawSendsEveryCellOnScreenAndMarksTheBottomRightOne() {
        let grid = Self.grid(["abcd", "efgh"])
        let writes = Self.writes(from: grid, to: grid, screen: Size(width: 4, height: 2), full: true)
        #expect(writes.count == 8)
        #expect(writes.filter(\.isLastCell).map { [$0.x, $0.y] } == [[3, 1]])
    }

    @Test func cellsBeyondTheScreenAreClipped() {
        let grid = Self.grid(["abcd", "efgh", "ijkl"])
        let writes = Self.writes(from: nil, to: grid, screen: Size(width: 3, height: 2), full: true)
        #expect(writes.map(\.cell.text).joined() == "abcefg")
        #expect(writes.filter(\.isLastCell).map { [$0.x, $0.y] } == [[2, 1]])
    }

    @Test func theRightHalfOfAWideCharacterIsNeverSentAndItsNeighboursAreWhenItGoes() {
        let narrow = Self.grid(["abcd"])
        let wide = Self.grid(["名cd"])
        let toWide = Self.writes(from: narrow, to: wide, screen: Size(width: 4, height: 1))
        #expect(toWide.map(\.x) == [0])
        #expect(toWide[0].cell.width == 2)
        let back = Self.writes(from: wide, to: narrow, screen: Size(width: 4, height: 1))
        #expect(back.map(\.cell.text) == ["a", "b"])
    }

    @Test func aWideCharacterEndingAtTheBottomRightIsTheLastCell() {
        let grid = Self.grid(["ab名"])
        let writes = Self.writes(from: nil, to: grid, screen: Size(width: 4, height: 1), full: true)
        #expect(writes.map(\.isLastCell) == [false, false, true])
    }

    @Test func aRedrawIsFullWhenNothingIsKnownOrASizeChanged() {
        let grid = Self.grid(["abcd", "efgh"])
        let screen = Size(width: 4, height: 2)
        #expect(!ScreenDiff.needsFullRedraw(stale: false, previous: grid, previousScreen: screen, grid: grid, screen: screen))
        #expect(ScreenDiff.needsFullRedraw(stale: true, previous: grid, previousScreen: screen, grid: grid, screen: screen))
        #expect(ScreenDiff.needsFullRedraw(stale: false, previous: nil, previousScreen: screen, grid: grid, screen: screen))
        #expect(ScreenDiff.needsFullRedraw(stale: false, previous: grid, previousScreen: Size(width: 5, height: 2), grid: grid, screen: screen))
        #expect(ScreenDiff.needsFullRedraw(stale: false, previous: Self.grid(["abcde"], width: 5), previousScreen: screen, grid: grid, screen: screen))
    }
}
