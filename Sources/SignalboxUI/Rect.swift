/// A rectangle of cells, as ratatui's `Rect`: a view draws into the area it is given and
/// splits it to give its parts theirs, so that views compose instead of each working out rows
/// and columns from the screen's size. Splits and insets never go negative: what does not fit
/// is empty.
public struct Rect: Hashable, Sendable {
    public var x: Int
    public var y: Int
    public var width: Int
    public var height: Int

    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = max(0, width)
        self.height = max(0, height)
    }

    /// The column after the last one.
    public var right: Int { x + width }
    /// The row after the last one.
    public var bottom: Int { y + height }
    public var rows: Range<Int> { y..<bottom }
    public var isEmpty: Bool { width == 0 || height == 0 }

    /// The area less `top` rows above, `bottom` below, `left` columns and `right` columns.
    public func inset(top: Int = 0, left: Int = 0, bottom: Int = 0, right: Int = 0) -> Rect {
        let top = min(max(0, top), height)
        let left = min(max(0, left), width)
        return Rect(x: x + left, y: y + top, width: width - left - max(0, right), height: height - top - max(0, bottom))
    }

    /// The first `rows` rows (at most all of them), and the rest under them.
    public func splitTop(_ rows: Int) -> (top: Rect, rest: Rect) {
        let rows = min(max(0, rows), height)
        return (Rect(x: x, y: y, width: width, height: rows), inset(top: rows))
    }

    /// The last `rows` rows (at most all of them), and the rest above them.
    public func splitBottom(_ rows: Int) -> (rest: Rect, bottom: Rect) {
        let rows = min(max(0, rows), height)
        return (inset(bottom: rows), Rect(x: x, y: bottom - rows, width: width, height: rows))
    }

    /// The first `columns` columns (at most all of them), and the rest beside them.
    public func splitLeft(_ columns: Int) -> (left: Rect, rest: Rect) {
        let columns = min(max(0, columns), width)
        return (Rect(x: x, y: y, width: columns, height: height), inset(left: columns))
    }

    /// The last `columns` columns (at most all of them), and the rest beside them.
    public func splitRight(_ columns: Int) -> (rest: Rect, right: Rect) {
        let columns = min(max(0, columns), width)
        return (inset(right: columns), Rect(x: right - columns, y: y, width: columns, height: height))
    }

    /// Row `index` of the area (counted from its top), one row high; empty outside it.
    public func row(_ index: Int) -> Rect {
        guard index >= 0, index < height else { return Rect(x: x, y: y + max(0, index), width: width, height: 0) }
        return Rect(x: x, y: y + index, width: width, height: 1)
    }

    /// A `width` by `height` area in the middle of this one (rounded up and to the left), cut
    /// to this one's size.
    public func centered(width: Int, height: Int) -> Rect {
        let width = min(max(0, width), self.width)
        let height = min(max(0, height), self.height)
        return Rect(x: x + (self.width - width) / 2, y: y + (self.height - height) / 2, width: width, height: height)
    }
}

extension Grid {
    /// The whole grid.
    public var area: Rect { Rect(x: 0, y: 0, width: width, height: height) }

    /// Paints every cell of `area` with `character` in `style`.
    public mutating func fill(_ area: Rect, style: Style, character: Character = " ") {
        for y in area.rows { fill(x: area.x, y: y, count: area.width, style: style, character: character) }
    }
}
