/// Draws a ``QRMatrix`` into a ``Grid`` with half blocks, inside a quiet zone of four light
/// modules. A module is `scale` columns wide and `scale` half rows tall, about square in a
/// terminal's cells; at scale 1 each cell holds two modules, one above the other.
///
/// The light modules are the ink (`█`, `▀`, `▄`) and the dark ones the background, in white on
/// black: dark on light whatever the theme. Without colors (`NO_COLOR`) the ink takes the
/// terminal's foreground, so the code still scans on the usual light-on-dark terminal.
struct QRBlocks {
    let matrix: QRMatrix
    let scale: Int

    /// The light margin a reader needs around the code, in modules.
    static let quietZone = 4
    static let style = Style(foreground: .white, background: .black)

    init(_ matrix: QRMatrix, scale: Int = 1) {
        self.matrix = matrix
        self.scale = max(1, scale)
    }

    /// Modules per side, quiet zone included.
    private var span: Int { matrix.size + 2 * Self.quietZone }
    var columns: Int { span * scale }
    var rows: Int { (span * scale + 1) / 2 }

    /// The largest scale at which the code fits in `columns` by `rows` cells, if any.
    static func largestScale(of matrix: QRMatrix, fitting columns: Int, rows: Int) -> Int? {
        let span = matrix.size + 2 * quietZone
        let scale = min(columns / span, 2 * rows / span)
        return scale >= 1 ? scale : nil
    }

    /// Draws the code with its top-left corner at column `x`, row `y`.
    func draw(into grid: inout Grid, x: Int, y: Int) {
        for row in 0..<rows {
            var line = ""
            for column in 0..<columns {
                let top = isLight(column: column, halfRow: 2 * row)
                let bottom = isLight(column: column, halfRow: 2 * row + 1)
                line.append(top ? (bottom ? "█" : "▀") : (bottom ? "▄" : " "))
            }
            grid.write(line, x: x, y: y + row, style: Self.style)
        }
    }

    /// Whether the module under this column and half row is light; the half row below the
    /// code that an odd height leaves is quiet zone.
    private func isLight(column: Int, halfRow: Int) -> Bool {
        let moduleX = column / scale - Self.quietZone
        let moduleY = halfRow / scale - Self.quietZone
        return !matrix.isDark(x: moduleX, y: moduleY)
    }
}
