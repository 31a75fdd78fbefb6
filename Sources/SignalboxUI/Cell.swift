/// One column of the screen: a character (one grapheme cluster) of display width 1 or 2, or the
/// right half of a wide character (empty text, width 0).
public struct Cell: Hashable, Sendable {
    public var text: String
    public var width: Int
    public var style: Style

    public init(text: String, width: Int, style: Style = .plain) {
        self.text = text
        self.width = width
        self.style = style
    }

    public static let blank = Cell(text: " ", width: 1)

    /// The right half of a wide character.
    public var isContinuation: Bool { width == 0 }
}
