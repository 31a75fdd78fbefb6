/// A screenful of cells that the renderer draws into and the terminal backend flushes: the UI
/// is tested by comparing grids, without a terminal.
public struct Grid: Hashable, Sendable {
    public let width: Int
    public let height: Int
    /// What the views draw with; `.ascii` also keeps every other non-ASCII character out.
    public let glyphs: Glyphs
    public private(set) var cells: [Cell]
    /// What is where: the renderer marks rows and hints as it draws them, so that a click is
    /// mapped through the same layout that put them on screen. Later regions lie on top.
    public private(set) var regions: [HitRegion] = []

    public init(width: Int, height: Int, glyphs: Glyphs = .unicode) {
        self.width = max(0, width)
        self.height = max(0, height)
        self.glyphs = glyphs
        cells = Array(repeating: .blank, count: self.width * self.height)
    }

    public subscript(x: Int, y: Int) -> Cell {
        cells[y * width + x]
    }

    /// Writes `text` from column `x` of row `y`; a text longer than `maxWidth` or the edge is
    /// cut with an ellipsis. Text is sanitized first: control characters and escape sequences
    /// never reach a cell raw (nor non-ASCII ones in an ASCII grid). A wide character that does
    /// not fit whole is left out. Returns the columns used.
    @discardableResult
    public mutating func write(_ text: String, x: Int, y: Int, style: Style = .plain, maxWidth: Int? = nil) -> Int {
        guard y >= 0, y < height, x < width else { return 0 }
        let limit = min(width, x + (maxWidth ?? width))
        var column = max(0, x)
        for character in Truncation.fitted(text, width: limit - column, glyphs: glyphs) {
            let columns = DisplayWidth.of(character)
            guard columns > 0 else { continue }
            guard column + columns <= limit else { break }
            clearWideCharacter(at: column, y: y)
            cells[y * width + column] = Cell(text: String(character), width: columns, style: style)
            if columns == 2 {
                clearWideCharacter(at: column + 1, y: y)
                cells[y * width + column + 1] = Cell(text: "", width: 0, style: style)
            }
            column += columns
        }
        return column - max(0, x)
    }

    /// Paints `count` columns of row `y` from `x` with blanks in `style` (a bar, a highlight).
    public mutating func fill(x: Int, y: Int, count: Int, style: Style, character: Character = " ") {
        guard y >= 0, y < height, count > 0, x < width else { return }
        for column in max(0, x)..<min(width, x + count) {
            clearWideCharacter(at: column, y: y)
            cells[y * width + column] = Cell(text: String(character), width: 1, style: style)
        }
    }

    /// Records that `count` columns of row `y` from `x` show `target`.
    public mutating func mark(_ target: HitTarget, x: Int, y: Int, count: Int) {
        guard y >= 0, y < height, count > 0 else { return }
        regions.append(HitRegion(x: x, y: y, width: count, target: target))
    }

    /// What the cell at column `x` of row `y` shows, if the renderer marked it.
    public func target(atX x: Int, y: Int) -> HitTarget? {
        regions.last { $0.y == y && x >= $0.x && x < $0.x + $0.width }?.target
    }

    /// Overwriting half of a wide character blanks its other half, so no orphan half remains.
    private mutating func clearWideCharacter(at column: Int, y: Int) {
        let cell = cells[y * width + column]
        if cell.isContinuation, column > 0 {
            cells[y * width + column - 1] = .blank
        } else if cell.width == 2, column + 1 < width {
            cells[y * width + column + 1] = .blank
        }
    }

    /// The grid as text, one line per row, without styles: what golden snapshots compare.
    public var lines: [String] {
        (0..<height).map { y in
            (0..<width).reduce(into: "") { line, x in line += self[x, y].text }
        }
    }
}
