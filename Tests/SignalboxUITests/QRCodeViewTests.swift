import Foundation
import Testing
@testable import SignalboxUI

/// The QR code drawn with half blocks (from a matrix, without an encoder), in the host view and
/// in the banner `b` opens.
@Suite struct QRCodeViewTests {
    /// 1 0 1 / 0 1 0 / 1 1 0, dark as 1.
    static let tiny = QRMatrix(size: 3, modules: [true, false, true, false, true, false, true, true, false])

    /// A 21-module matrix (a version 1 code's size) with a finder square in three corners.
    static let version1: QRMatrix = {
        func finder(_ x: Int, _ y: Int) -> Bool? {
            guard x < 7, y < 7 else { return nil }
            let ring = max(abs(x - 3), abs(y - 3))
            return ring != 2
        }
        let modules = (0..<21 * 21).map { index in
            let x = index % 21, y = index / 21
            return finder(x, y) ?? finder(20 - x, y) ?? finder(x, 20 - y) ?? ((x * y + x + y) % 3 == 0)
        }
        return QRMatrix(size: 21, modules: modules)
    }()

    static func draw(_ matrix: QRMatrix, scale: Int) -> Grid {
        let blocks = QRBlocks(matrix, scale: scale)
        var grid = Grid(width: blocks.columns, height: blocks.rows)
        blocks.draw(into: &grid, x: 0, y: 0)
        return grid
    }

    @Test func halfBlocksDrawTwoModulesPerCellInsideAQuietZoneOfFour() {
        // Light modules are the ink: the quiet zone is full blocks, a dark module over a light
        // one a lower half block, and the half row below the code's odd height is quiet zone.
        let grid = Self.draw(Self.tiny, scale: 1)
        #expect(grid.lines == [
            "███████████",
            "███████████",
            "████▄▀▄████",
            "████▄▄█████",
            "███████████",
            "███████████",
        ])
        #expect(grid[4, 2].style == Style(foreground: .white, background: .black))
        #expect(grid[0, 0].style == Style(foreground: .white, background: .black))
    }

    @Test func atScaleTwoAModuleIsTwoColumnsByOneRow() {
        let grid = Self.draw(Self.tiny, scale: 2)
        #expect(grid.width == 22 && grid.height == 11)
        #expect(grid.lines[3] == String(repeating: "█", count: 22))
        #expect(grid.lines[4] == "████████  ██  ████████")
        #expect(grid.lines[5] == "██████████  ██████████")
        #expect(grid.lines[6] == "████████    ██████████")
        #expect(grid.lines[7] == String(repeating: "█", count: 22))
    }

    @Test func theLargestScaleFitsBothWays() {
        // 21 + 8 = 29 modules a side: scale s takes 29 s columns and 29 s / 2 rows.
        #expect(QRBlocks.largestScale(of: Self.version1, fitting: 80, rows: 22) == 1)
        #expect(QRBlocks.largestScale(of: Self.version1, fitting: 200, rows: 60) == 4)
        #expect(QRBlocks.largestScale(of: Self.version1, fitting: 120, rows: 14) == nil)
        #expect(QRBlocks.largestScale(of: Self.version1, fitting: 28, rows: 50) == nil)
    }

    static func hosting(width: Int, height: Int, fingerprint: String? = nil) -> AppState {
        var state = HostViewTests.hosting(width: width, height: height)
        state.host?.join.qrCode = version1
        state.host?.join.fingerprint = fingerprint
        return state
    }

    static let fingerprint = (0..<32).map { String(format: "%02X", $0 * 7 % 256) }.joined(separator: ":")

    @Test func theCodeSitsBesideTheInboxesWhereItLeavesThemRoom() throws {
        let state = Self.hosting(width: 120, height: 40)
        let grid = render(state)
        try expectSnapshot(grid, named: "host-qr-120x40")
        // Its top-left corner, right-aligned under the rule (row 5); the join lines above it
        // keep the whole width, and so do log lines below it.
        #expect(grid.lines[5].allSatisfy { $0 == "─" })
        #expect(grid[120 - 29, 6].text == "█")
        #expect(grid[120 - 29, 6].style == QRBlocks.style)
        #expect(grid[120 - 30, 6].text == " ")
        #expect(grid.lines[2].contains("http://192.168.1.20:3000/  b: its QR code, large"))
        #expect(grid.lines[21].allSatisfy { $0 != "█" })
    }

    @Test func logLinesBesideTheCodeStopShortOfItAndTakeTheWholeWidthBelowIt() {
        // 100 x 26: the code takes columns 71-99 of rows 6-20; the log rows 18-23.
        var state = Self.hosting(width: 100, height: 26)
        let long = String(repeating: "x", count: 200)
        for _ in 0..<6 {
            _ = update(&state, .hostBatch(HostBatch(log: [HostLogLine(time: HostViewTests.start, text: long)])))
        }
        let grid = render(state)
        for row in 18...20 {
            #expect(grid[69, row].text == "…" && grid[70, row].text == " " && grid[71, row].style == QRBlocks.style, "row \(row)")
        }
        for row in 21...23 {
            #expect(grid[98, row].text == "x" && grid[99, row].text == "…", "row \(row)")
        }
    }

    @Test func withoutRoomTheHostViewPointsToTheBanner() {
        let grid = render(Self.hosting(width: 80, height: 24))
        #expect(!grid.lines.joined().contains("▀"))
        #expect(grid.lines[2].contains(" Web   http://192.168.1.20:3000/  b: its QR code, large"))
        #expect(grid.lines[23].contains("b QR"))
    }

    @Test func bOpensTheBannerAndAnyKeyClosesIt() throws {
        var state = Self.hosting(width: 80, height: 24)
        #expect(update(&state, .input(.key(.character("b")))) == [])
        #expect(state.mode == .banner)
        try expectSnapshot(render(state), named: "banner-80x24")
        _ = update(&state, .input(.key(.character("q"))))
        #expect(state.mode == .browsing)
        #expect(state.view == .host)
    }

    @Test func theBannerGrowsTheCodeOnALargeScreen() {
        var state = Self.hosting(width: 200, height: 60)
        _ = update(&state, .input(.key(.character("b"))))
        let grid = render(state)
        // Scale 1 is 29 columns; 200 x 60 (57 rows for the code) fits scale 3: 87 columns.
        #expect(grid.lines.contains { $0.contains(String(repeating: "█", count: 87)) })
        #expect(!grid.lines.contains { $0.contains(String(repeating: "█", count: 88)) })
        #expect(grid.lines.contains { $0.contains("http://192.168.1.20:3000/") })
    }

    @Test func theBannerBreaksALongURLAndTheFingerprintButNeverCutsThem() throws {
        var state = Self.hosting(width: 40, height: 20, fingerprint: Self.fingerprint)
        state.host?.join.urls = ["https://[2001:db8:1234:5678:9abc:def0:1234:5678]:65535"]
        _ = update(&state, .input(.key(.character("b"))))
        let text = render(state).lines.map { $0.trimmingCharacters(in: .whitespaces) }
        let url = try #require(text.firstIndex { $0.hasPrefix("https://") })
        #expect(text[url] + text[url + 1] == "https://[2001:db8:1234:5678:9abc:def0:1234:5678]:65535/")
        let fingerprint = text[(url + 2)...].prefix { !$0.isEmpty }
            .joined().replacingOccurrences(of: "self-signed, SHA-256 ", with: "")
        #expect(fingerprint == Self.fingerprint)
        #expect(text.contains("the window is too small for the QR code"))
    }

    @Test func aSelfSignedFingerprintShowsWholeInTheHostView() {
        let grid = render(Self.hosting(width: 80, height: 24, fingerprint: Self.fingerprint))
        let lines = grid.lines.filter { $0.contains(":") && !$0.contains("http") && !$0.contains("13:59") }
        #expect(lines.count == 2)
        let shown = lines.joined().replacingOccurrences(of: "self-signed, SHA-256", with: "").filter { !$0.isWhitespace }
        #expect(shown == Self.fingerprint)
    }

    @Test func theHelpListsTheBannerKey() {
        var state = Self.hosting(width: 80, height: 40)
        _ = update(&state, .input(.key(.character("?"))))
        #expect(render(state).lines.joined().contains("the page's QR code, large"))
    }
}
