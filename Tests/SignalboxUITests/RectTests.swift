import SignalboxUI
import Testing

/// The layout's rectangles: splits and insets that never go negative.
@Suite struct RectTests {
    let area = Rect(x: 2, y: 1, width: 10, height: 6)

    @Test func splitsShareTheAreaWithoutOverlap() {
        let (top, rest) = area.splitTop(2)
        let (above, bottom) = area.splitBottom(1)
        let (left, beside) = area.splitLeft(3)
        let (others, right) = area.splitRight(4)
        #expect([top, rest] == [Rect(x: 2, y: 1, width: 10, height: 2), Rect(x: 2, y: 3, width: 10, height: 4)])
        #expect([above, bottom] == [Rect(x: 2, y: 1, width: 10, height: 5), Rect(x: 2, y: 6, width: 10, height: 1)])
        #expect([left, beside] == [Rect(x: 2, y: 1, width: 3, height: 6), Rect(x: 5, y: 1, width: 7, height: 6)])
        #expect([others, right] == [Rect(x: 2, y: 1, width: 6, height: 6), Rect(x: 8, y: 1, width: 4, height: 6)])
    }

    @Test func whatDoesNotFitIsEmptyNeverNegative() {
        #expect(area.splitTop(20).rest.height == 0)
        #expect(area.splitTop(20).top == area)
        #expect(area.splitLeft(-1).left.width == 0)
        #expect(area.inset(top: 4, bottom: 4).height == 0)
        #expect(area.inset(left: 6, right: 6).width == 0)
        #expect(area.inset(left: 6, right: 6).isEmpty)
        #expect(Rect(x: 0, y: 0, width: -3, height: 2).width == 0)
        #expect(area.row(6).height == 0)
    }

    @Test func rowsInsetsAndCentering() {
        #expect(area.row(0) == Rect(x: 2, y: 1, width: 10, height: 1))
        #expect(area.row(5).y == 6)
        #expect(area.inset(top: 1, left: 1, bottom: 1, right: 1) == Rect(x: 3, y: 2, width: 8, height: 4))
        #expect(area.right == 12)
        #expect(area.bottom == 7)
        #expect(area.rows == 1..<7)
        #expect(area.centered(width: 4, height: 2) == Rect(x: 5, y: 3, width: 4, height: 2))
        #expect(area.centered(width: 5, height: 3) == Rect(x: 4, y: 2, width: 5, height: 3))
        #expect(area.centered(width: 40, height: 1) == Rect(x: 2, y: 3, width: 10, height: 1))
    }

    @Test func aGridFillsJustTheArea() {
        var grid = Grid(width: 4, height: 3)
        grid.fill(Rect(x: 1, y: 1, width: 2, height: 5), style: .plain, character: "#")
        #expect(grid.lines == ["    ", " ## ", " ## "])
        #expect(grid.area == Rect(x: 0, y: 0, width: 4, height: 3))
    }
}
