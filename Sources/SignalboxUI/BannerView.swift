/// Draws the join banner (`b` in the host view), for a projector or a phone held up to the
/// screen: the page's QR code as large as the screen allows, the URL under it, whole, broken
/// over lines if the screen is narrow, and the certificate's fingerprint when there is one.
func drawBanner(_ host: HostState, into grid: inout Grid) {
    let bottom = grid.height - 1  // the footer's row
    var text: [(String, Style)] = pieces(of: host.join.pageURL, width: grid.width).map { ($0, Palette.title) }
    if let fingerprint = host.join.fingerprint {
        text += FingerprintText.lines(fingerprint, first: "self-signed, SHA-256 ", rest: "", width: grid.width)
            .map { ($0, Palette.warning) }
    }
    var top = 0
    if let code = host.join.qrCode,
       let scale = QRBlocks.largestScale(of: code, fitting: grid.width, rows: bottom - text.count - 1) {
        let blocks = QRBlocks(code, scale: scale)
        top = max(0, (bottom - blocks.rows - 1 - text.count) / 2)
        blocks.draw(into: &grid, x: (grid.width - blocks.columns) / 2, y: top)
        top += blocks.rows + 1
    } else {
        let reason = host.join.qrCode == nil ? "no QR code could be made of this URL" : "the window is too small for the QR code"
        text.insert((reason, Palette.dim), at: 0)
        top = max(0, (bottom - text.count) / 2)
    }
    for (line, style) in text where top < bottom {
        grid.write(line, x: max(0, (grid.width - DisplayWidth.of(line)) / 2), y: top, style: style)
        top += 1
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
