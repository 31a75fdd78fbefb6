import NIOCore
import NIOFileSystem

/// Serves the files of a directory (`--public`) at `/`, never anything outside it.
struct StaticFiles: Sendable {
    let root: FilePath
    /// Larger files are refused rather than read into memory.
    static let maximumFileSize = ByteCount.mebibytes(32)

    init(root: String) {
        self.root = FilePath(root)
    }

    /// The answer for a request path: the file, `index.html` for a directory, or 404.
    func answer(for urlPath: String) async -> HTTPAnswer {
        guard var path = resolve(urlPath) else {
            return .text(.notFound, "no such file")
        }
        do {
            if let info = try await FileSystem.shared.info(forFileAt: path, infoAboutSymbolicLink: false),
               info.type == .directory {
                path.append("index.html")
            }
            let body = try await ByteBuffer(contentsOf: path, maximumSizeAllowed: Self.maximumFileSize)
            var answer = HTTPAnswer(status: .ok, body: body)
            answer.headers.add(name: "Content-Type", value: Self.contentType(of: path))
            return answer
        } catch let error as FileSystemError where error.code == .resourceExhausted {
            return .text(.internalServerError, "file too large to serve")
        } catch {
            return .text(.notFound, "no such file")
        }
    }

    /// Maps a URL path onto the root, refusing escapes (`..`), NUL bytes and bad escapes.
    func resolve(_ urlPath: String) -> FilePath? {
        guard let decoded = urlPath.removingURLPercentEncoding() else { return nil }
        var path = root
        for component in decoded.split(separator: "/") where !component.isEmpty && component != "." {
            guard component != "..", !component.contains("\0"), let valid = FilePath.Component(String(component)) else {
                return nil
            }
            path.append(valid)
        }
        return path
    }

    static func contentType(of path: FilePath) -> String {
        switch path.extension?.lowercased() {
        case "html", "htm": "text/html; charset=utf-8"
        case "js", "mjs": "text/javascript; charset=utf-8"
        case "css": "text/css; charset=utf-8"
        case "json", "map": "application/json"
        case "txt", "md": "text/plain; charset=utf-8"
        case "svg": "image/svg+xml"
        case "png": "image/png"
        case "jpg", "jpeg": "image/jpeg"
        case "gif": "image/gif"
        case "webp": "image/webp"
        case "ico": "image/x-icon"
        case "wasm": "application/wasm"
        case "yml", "yaml": "application/yaml"
        default: "application/octet-stream"
        }
    }
}

extension String {
    /// The text with `%XX` escapes decoded, or nil if an escape is malformed or not UTF-8.
    func removingURLPercentEncoding() -> String? {
        var bytes: [UInt8] = []
        var iterator = utf8.makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard let high = iterator.next(), let low = iterator.next(),
                  let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16)
            else { return nil }
            bytes.append(value)
        }
        return String(validating: bytes, as: UTF8.self)
    }
}
