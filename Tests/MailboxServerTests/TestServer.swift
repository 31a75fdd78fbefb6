@_exported import TestSupport
import MailboxCore
import MailboxServer

extension MailboxHTTPServer {
    /// Sends one request on a fresh connection and reads its answer.
    func request(
        _ method: String, _ target: String, user: String? = nil, password: String = "pw",
        body: [UInt8]? = nil, headers: [(String, String)] = []
    ) async throws -> TestResponse {
        let connection = try await RawConnection(port: port)
        defer { Task { await connection.close() } }
        try await connection.sendRequest(method, target, user: user, password: password, body: body, headers: headers)
        guard let response = try await connection.readResponse(toHeadRequest: method == "HEAD") else {
            throw TestFailure("the server closed the connection without answering \(method) \(target)")
        }
        return response
    }

    func get(_ user: String, password: String = "pw", wait: Double? = 0) async throws -> TestResponse {
        try await request("GET", wait.map { "/inbox?wait=\($0)" } ?? "/inbox", user: user, password: password)
    }

    func post(
        _ body: String, from user: String, to peer: String, password: String = "pw", contentType: String? = nil
    ) async throws -> TestResponse {
        try await post(Array(body.utf8), from: user, to: peer, password: password, contentType: contentType)
    }

    func post(
        _ body: [UInt8], from user: String, to peer: String, password: String = "pw", contentType: String? = nil
    ) async throws -> TestResponse {
        let escaped = peer.addingPercentEncodingForQuery()
        return try await request(
            "POST", "/inbox?to=\(escaped)", user: user, password: password, body: body,
            headers: contentType.map { [("Content-Type", $0)] } ?? [])
    }
}

extension String {
    func addingPercentEncodingForQuery() -> String {
        var result = ""
        for byte in utf8 {
            if (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".") {
                result.append(Character(Unicode.Scalar(byte)))
            } else {
                result += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return result
    }

    func leftPadded(to width: Int) -> String {
        String(repeating: "0", count: max(0, width - count)) + self
    }
}
