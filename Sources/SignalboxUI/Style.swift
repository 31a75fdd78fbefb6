/// How a cell looks. The terminal backend maps it to colors and attributes, or to attributes
/// alone when colors are off (`NO_COLOR`, a monochrome terminal).
public struct Style: Hashable, Sendable {
    public var foreground: TerminalColor
    public var background: TerminalColor
    public var bold: Bool
    public var dim: Bool
    public var reverse: Bool
    public var underline: Bool

    public init(
        foreground: TerminalColor = .default, background: TerminalColor = .default,
        bold: Bool = false, dim: Bool = false, reverse: Bool = false, underline: Bool = false
    ) {
        self.foreground = foreground
        self.background = background
        self.bold = bold
        self.dim = dim
        self.reverse = reverse
        self.underline = underline
    }

    public static let plain = Style()
}

/// The eight classic terminal colors, plus the terminal's own default.
public enum TerminalColor: Int, Hashable, Sendable {
    case `default` = -1
    case black, red, green, yellow, blue, magenta, cyan, white
}
