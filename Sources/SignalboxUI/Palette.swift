/// The styles of the UI in one place. Without colors the backend keeps only the attributes
/// (bold, dim, reverse), which these are chosen to be readable with. Black text is never bold:
/// many terminals draw bold black as grey.
enum Palette {
    static let bar = Style(foreground: .white, background: .blue)
    static let barBold = Style(foreground: .white, background: .blue, bold: true)
    static let barGood = Style(foreground: .black, background: .green)
    static let barWarning = Style(foreground: .black, background: .yellow)
    static let barBad = Style(foreground: .white, background: .red, bold: true)
    static let title = Style(bold: true)
    static let dim = Style(dim: true)
    static let rule = Style(foreground: .blue, dim: true)
    static let selected = Style(reverse: true)
    static let good = Style(foreground: .green)
    static let warning = Style(foreground: .yellow, bold: true)
    static let bad = Style(foreground: .red, bold: true)

    static func badge(_ kind: MessageKind) -> Style {
        switch kind {
        case .offer: Style(foreground: .green, bold: true)
        case .answer: Style(foreground: .cyan, bold: true)
        case .sdp: Style(bold: true)
        case .candidate: Style(foreground: .yellow)
        case .bye: Style(foreground: .red, bold: true)
        case .text: Style(bold: false)
        case .binary: Style(foreground: .magenta)
        }
    }
}
