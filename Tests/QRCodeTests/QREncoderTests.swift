import Foundation
import QRCode
import SignalboxUI
import Testing
import TestSupport

/// libqrencode through ``QREncoder``: the sizes it picks, the finder patterns where a reader
/// looks for them, and zbarimg reading the matrix back from an image.
@Suite struct QREncoderTests {
    @Test(arguments: [
        // Version 1 (21 modules) holds 17 bytes at level L, version 2 (25) 32, version 3 (29) 53.
        ("http://a.b/", 21),
        ("http://127.0.0.1:3000/", 25),
        ("https://192.168.100.200:65535/", 25),
        ("https://[2001:db8::1234:5678]:3000/?call=peer-x7k2ab", 29),
    ])
    func urlsGetTheSmallestVersionThatHoldsThem(url: String, size: Int) throws {
        let matrix = try #require(QREncoder.matrix(for: url))
        #expect(matrix.size == size)
        #expect(matrix.modules.count == size * size)
    }

    @Test func theFinderPatternsAreDarkWhereAReaderLooks() throws {
        let matrix = try #require(QREncoder.matrix(for: "http://127.0.0.1:3000/"))
        let last = matrix.size - 1
        for (left, top) in [(0, 0), (last - 6, 0), (0, last - 6)] {
            // A dark ring, a light ring, a dark 3 x 3 core; light separators around it.
            for y in 0..<7 {
                for x in 0..<7 {
                    let ring = max(abs(x - 3), abs(y - 3))
                    #expect(matrix.isDark(x: left + x, y: top + y) == (ring != 2), "finder at \(left),\(top): \(x),\(y)")
                }
            }
        }
        #expect(!matrix.isDark(x: 7, y: 0) && !matrix.isDark(x: 0, y: 7))
    }

    @Test func textNoCodeCanHoldIsRefused() {
        #expect(QREncoder.matrix(for: "") == nil)
        #expect(QREncoder.matrix(for: "a\u{0}b") == nil)
        // Version 40 at level L holds 2953 bytes.
        #expect(QREncoder.matrix(for: String(repeating: "\u{E9}", count: 1500)) == nil)
        #expect(QREncoder.matrix(for: String(repeating: "a", count: 2900)) != nil)
    }

    @Test func zbarimgReadsTheURLBackFromAnImageOfTheMatrix() throws {
        let url = "https://192.168.1.20:3000/"
        let matrix = try #require(QREncoder.matrix(for: url))
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("signalbox-qr-\(UUID()).pgm").path
        defer { unlink(path) }
        try Self.image(of: matrix, scale: 4).write(to: URL(fileURLWithPath: path))
        let zbar = try runProgram(["zbarimg", "--quiet", "--raw", "--nodbus", "-Sdisable", "-Sqrcode.enable", path], timeout: .seconds(30))
        #expect(zbar.status == 0, "zbarimg (Debian zbar-tools): \(zbar.output)")
        #expect(zbar.output.trimmingCharacters(in: .newlines) == url)
    }

    /// A binary PGM of the code, `scale` pixels a module, with a quiet zone of four modules.
    static func image(of matrix: QRMatrix, scale: Int) -> Data {
        let side = (matrix.size + 8) * scale
        var pixels = [UInt8](repeating: 255, count: side * side)
        for y in 0..<side {
            for x in 0..<side where matrix.isDark(x: x / scale - 4, y: y / scale - 4) {
                pixels[y * side + x] = 0
            }
        }
        return Data("P5\n\(side) \(side)\n255\n".utf8) + Data(pixels)
    }
}
