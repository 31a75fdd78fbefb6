import CNCurses
import Glibc
import SignalboxUI

/// Puts one `Cell` into curses' stdscr with the wide-character API, mapping its `Style` to
/// attributes and (when colors are on) to a color pair. Callers hold the curses lock.
struct CellPainter {
    /// Whether styles get colors; off for `NO_COLOR` and monochrome terminals.
    let colorsEnabled: Bool
    /// Whether `use_default_colors` worked, so -1 may stand for the terminal's own colors.
    let defaultColorsAvailable: Bool

    /// Pairs are allocated on first use: the UI uses a handful of the 81 combinations, and
    /// 8-color terminals offer only 64 pairs.
    private var pairs: [Int: Int16] = [:]
    private var nextPair: Int32 = 1
    private let pairLimit: Int32
    /// Scratch buffer for setcchar: up to CCHARW_MAX (5) characters and a terminating 0.
    private var characters = [wchar_t](repeating: 0, count: 6)

    private static let maximumCharacters = 5
    private static let replacement: UInt32 = 0xFFFD

    init(colorsEnabled: Bool, defaultColorsAvailable: Bool) {
        self.colorsEnabled = colorsEnabled
        self.defaultColorsAvailable = defaultColorsAvailable
        pairLimit = colorsEnabled ? min(sb_color_pairs(), Int32(Int16.max)) : 0
    }

    /// Draws `cell` at column `x` of row `y`. `isLastCell` says that the cell reaches the
    /// bottom-right corner, which must not move the cursor past the end of the window.
    mutating func paint(_ cell: Cell, x: Int, y: Int, screenWidth: Int, isLastCell: Bool) {
        let attributes = attributes(for: cell.style)
        let pair = colorsEnabled ? pair(for: cell.style) : 0
        let columns = cell.width
        guard x + columns <= screenWidth else {
            // A wide character cut by the right edge (the grid is wider than the screen).
            put([0x20], x: x, y: y, attributes: attributes, pair: pair, isLastCell: isLastCell)
            return
        }
        let scalars = cell.text.unicodeScalars
        if let first = scalars.first, Int(sb_wcwidth(wchar_t(bitPattern: first.value))) == columns {
            var text: [UInt32] = [first.value]
            // Combining marks, variation selectors and ZWJ ride along with the base character;
            // anything else that takes columns would push the rest of the line out of place.
            for scalar in scalars.dropFirst() where text.count < Self.maximumCharacters {
                if sb_wcwidth(wchar_t(bitPattern: scalar.value)) == 0 { text.append(scalar.value) }
            }
            put(text, x: x, y: y, attributes: attributes, pair: pair, isLastCell: isLastCell)
        } else if columns == 2 {
            // The C library disagrees with the grid about the width: blanks keep columns aligned.
            put([0x20], x: x, y: y, attributes: attributes, pair: pair, isLastCell: false)
            put([0x20], x: x + 1, y: y, attributes: attributes, pair: pair, isLastCell: isLastCell)
        } else {
            let fallback: UInt32 = sb_wcwidth(wchar_t(bitPattern: Self.replacement)) == 1 ? Self.replacement : 0x3F
            put([fallback], x: x, y: y, attributes: attributes, pair: pair, isLastCell: isLastCell)
        }
    }

    private mutating func put(_ text: [UInt32], x: Int, y: Int, attributes: attr_t, pair: Int16, isLastCell: Bool) {
        for (index, value) in text.enumerated() {
            characters[index] = wchar_t(bitPattern: value)
        }
        characters[text.count] = 0
        var cell = cchar_t()
        characters.withUnsafeBufferPointer { buffer in
            _ = setcchar(&cell, buffer.baseAddress, attributes, pair, nil)
        }
        // ERR here only means the cell was off-window, which the caller already avoids.
        _ = sb_put_cell(Int32(y), Int32(x), &cell, isLastCell)
    }

    private func attributes(for style: Style) -> attr_t {
        var attributes = sb_a_normal()
        if style.bold { attributes |= sb_a_bold() }
        if style.dim { attributes |= sb_a_dim() }
        if style.reverse { attributes |= sb_a_reverse() }
        if style.underline { attributes |= sb_a_underline() }
        return attributes
    }

    private mutating func pair(for style: Style) -> Int16 {
        var foreground = Int16(style.foreground.rawValue)
        var background = Int16(style.background.rawValue)
        if !defaultColorsAvailable {
            // Without use_default_colors, -1 is not a color: assume light text on black.
            if foreground < 0 { foreground = Int16(COLOR_WHITE) }
            if background < 0 { background = Int16(COLOR_BLACK) }
            if foreground == Int16(COLOR_WHITE), background == Int16(COLOR_BLACK) { return 0 }
        } else if foreground < 0, background < 0 {
            return 0
        }
        let key = Int(foreground + 1) * 16 + Int(background + 1)
        if let pair = pairs[key] { return pair }
        guard nextPair < pairLimit, init_pair(Int16(nextPair), foreground, background) == sb_ok() else {
            return 0  // out of pairs: the text still shows, in default colors
        }
        let pair = Int16(nextPair)
        nextPair += 1
        pairs[key] = pair
        return pair
    }
}
