import SignalboxUI

/// How one draw brings the terminal from what it shows to a new grid: which cells to write,
/// and whether to clear first. Pure, so that it is tested without a terminal.
enum ScreenDiff {
    /// The terminal's size in cells.
    struct Size: Equatable {
        var width: Int
        var height: Int
    }

    /// One cell to send to the terminal.
    struct Write: Equatable {
        let x: Int
        let y: Int
        let cell: Cell
        /// The bottom-right cell, which must be inserted rather than added: adding it would
        /// move the cursor past the end of the screen.
        let isLastCell: Bool
    }

    /// Whether the whole screen must be cleared and written: nothing is known to be on it
    /// (`stale`: the first draw, or back from another program), or the grid or the screen
    /// changed size (a resize may leave anything on the terminal).
    static func needsFullRedraw(stale: Bool, previous: Grid?, previousScreen: Size, grid: Grid, screen: Size) -> Bool {
        stale || previous?.width != grid.width || previous?.height != grid.height || previousScreen != screen
    }

    /// Calls `write` for each cell of `grid` that the terminal must be sent, row by row: every
    /// cell on screen when `full`, else those that differ from `previous`. Cells beyond the
    /// screen are clipped; the right half of a wide character is never sent (its left half
    /// draws both).
    static func forEachWrite(from previous: Grid?, to grid: Grid, screen: Size, full: Bool, _ write: (Write) -> Void) {
        let rows = min(grid.height, screen.height)
        let columns = min(grid.width, screen.width)
        let previous = full ? nil : previous
        for y in 0..<max(0, rows) {
            for x in 0..<max(0, columns) {
                let cell = grid[x, y]
                guard !cell.isContinuation else { continue }
                if let previous, previous[x, y] == cell { continue }
                let isLastCell = y == screen.height - 1 && x + max(cell.width, 1) >= screen.width
                write(Write(x: x, y: y, cell: cell, isLastCell: isLastCell))
            }
        }
    }
}
