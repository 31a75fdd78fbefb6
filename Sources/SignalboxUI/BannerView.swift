/// Draws the join banner (`b` in the host view), for a projector or a phone held up to the
/// screen: the page's QR code as large as the screen allows, the URL under it, whole, broken
/// over lines if the screen is narrow, and the certificate's fingerprint when there is one.
func drawBanner(_ host: HostState, into grid: inout Grid, area: Rect) {
    var text: [(String, Style)] = pieces(of: host.join.pageURL, width: area.width).map { ($0, Palette.title) }
    if let fingerprint = host.join.fingerprint {
        text += FingerprintText.lines(fingerprint, first: "self-signed, SHA-256 ", rest: "", width: area.width)
            .map { ($0, Palette.warning) }
    }
    // The code and a blank row over the text, centered together; the text alone without it.
    var textArea = area
    if let code = host.join.qrCode,
       let scale = QRBlocks.largestScale(of: code, fitting: area.width, rows: area.height - text.count - 1) {
        let blocks = QRBlocks(code, scale: scale)
        let (codeArea, rest) = area.centered(width: area.width, height: blocks.rows + 1 + text.count).splitTop(blocks.rows + 1)
        blocks.draw(into: &grid, x: codeArea.centered(width: blocks.columns, height: codeArea.height).x, y: codeArea.y)
        textArea = Rect(x: area.x, y: rest.y, width: area.width, height: area.bottom - rest.y)
    } else {
        let reason = host.join.qrCode == nil ? "no QR code could be made of this URL" : "the window is too small for the QR code"
        text.insert((reason, Palette.dim), at: 0)
        textArea = area.centered(width: area.width, height: text.count)
    }
    for ((line, style), row) in zip(text, textArea.rows) {
        grid.write(line, x: textArea.centered(width: DisplayWidth.of(line), height: 1).x, y: row, style: style)
    }
}

/// `text` in pieces of at most `width` characters: a URL is broken, never cut.
private func pieces(of text: String, width: Int) -> [String] {
    var pieces: [String] = []
    var rest = Substring(text)
    while !rest.isEmpty {
        pieces.append(String(rest.prefix(max(1, width))))
        rest = rest.dropFirst(max(1, width))
    }
    return pieces
}
