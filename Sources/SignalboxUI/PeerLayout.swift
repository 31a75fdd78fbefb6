/// Where the peer view's parts go on a screen of the state's size, split from the screen's
/// area. Rendering uses it, and so does paging, which moves by as many messages as the list
/// shows.
struct PeerLayout {
    /// Below 80x20 the panels stack.
    let compact: Bool
    let header: Rect
    let inbox: Rect
    /// Under the inbox line: a rule, or in the compact layout the peer line.
    let peerLine: Rect
    /// The peer panel, beside the message list (empty when compact).
    let peers: Rect
    /// The rule between the peer panel and the list (empty when compact).
    let divider: Rect
    let log: Rect
    /// The rule under the panels (empty when compact).
    let bottomRule: Rect
    let composer: Rect
    let footer: Rect
    /// What the inspector covers: from the peer line to the composer.
    let overlay: Rect
    /// What the help covers: the overlay and the composer's row.
    let help: Rect

    /// The peer panel's width in the full layout.
    static let peersWidth = 22
    /// The smallest screen the UI draws on.
    static let minimumWidth = 40
    static let minimumHeight = 12

    init(width: Int, height: Int) {
        compact = width < 80 || height < 20
        let screen = Rect(x: 0, y: 0, width: width, height: height)
        let (top, middle) = screen.splitTop(3)
        header = top.row(0)
        inbox = top.row(1)
        peerLine = top.row(2)
        let (panels, bottom) = middle.splitBottom(2)
        composer = bottom.row(0)
        footer = bottom.row(1)
        overlay = screen.inset(top: 2, bottom: 2)
        help = screen.inset(top: 2, bottom: 1)
        if compact {
            let none = Rect(x: 0, y: panels.y, width: 0, height: 0)
            (peers, divider, log, bottomRule) = (none, none, panels, none)
        } else {
            let (body, rule) = panels.splitBottom(1)
            let (left, rest) = body.splitLeft(Self.peersWidth)
            let (line, list) = rest.splitLeft(1)
            (peers, divider, log, bottomRule) = (left, line, list.inset(left: 1), rule)
        }
    }

    init(_ state: AppState) {
        self.init(width: state.width, height: state.height)
    }

    /// A narrow list has no title row: its position shows on the peer line instead.
    var logHasTitle: Bool { log.width >= 50 }

    /// How many messages the list shows at once.
    var logRows: Int {
        max(1, log.height - (logHasTitle ? 1 : 0))
    }
}
