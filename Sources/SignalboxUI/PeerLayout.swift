/// Where the peer view's parts go on a screen of the state's size. Rendering uses it, and so
/// does paging, which moves by as many messages as the list shows.
struct PeerLayout {
    /// Below 80x20 the panels stack.
    let compact: Bool
    let composerY: Int
    let footerY: Int
    /// The rows between the inbox line and the composer (exclusive bottom).
    let bodyTop: Int
    let bodyBottom: Int
    /// The message list's columns.
    let logX: Int
    let logWidth: Int
    /// A narrow list has no title row: its position shows on the peer line instead.
    let logHasTitle: Bool

    /// The peer panel's width in the full layout.
    static let peersWidth = 22
    /// The smallest screen the UI draws on.
    static let minimumWidth = 40
    static let minimumHeight = 12

    init(width: Int, height: Int) {
        compact = width < 80 || height < 20
        footerY = height - 1
        composerY = height - 2
        bodyTop = 3
        bodyBottom = compact ? composerY : composerY - 1
        logX = compact ? 0 : Self.peersWidth + 2
        logWidth = compact ? width : width - Self.peersWidth - 2
        logHasTitle = logWidth >= 50
    }

    init(_ state: AppState) {
        self.init(width: state.width, height: state.height)
    }

    /// How many messages the list shows at once.
    var logRows: Int {
        max(1, bodyBottom - bodyTop - (logHasTitle ? 1 : 0))
    }
}
