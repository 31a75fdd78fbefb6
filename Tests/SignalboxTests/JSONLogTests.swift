import Foundation
import Testing
import TestSupport
@testable import signalbox

/// `serve --log-format json`: one JSON object per line, for log shippers, and never a secret.
@Suite struct JSONLogTests {
    @Test func everyLineIsOneObjectWithTimeLevelMessageAndFields() throws {
        let line = JSONLogHandler.line(
            time: Date(timeIntervalSince1970: 0), level: .debug, message: "say \"hi\"\nthen go",
            fields: ["error": "oops", "nested": ["a": ["1", "2"]]])
        let text = String(decoding: line, as: UTF8.self)
        #expect(text.hasSuffix("}\n") && text.filter { $0 == "\n" }.count == 1, "\(text)")
        #expect(text.hasPrefix(#"{"time":"1970-01-01T00:00:00.000Z","level":"debug","message":"say \"hi\"\nthen go","fields":"#), "\(text)")
        let object = try #require(JSONSerialization.jsonObject(with: line) as? [String: Any])
        #expect(object["fields"] as? NSDictionary == ["error": "oops", "nested": ["a": ["1", "2"]]] as NSDictionary)
    }

    @Test func aServerLoggingJSONAtTraceWritesOnlyJSONLinesAndNoSecret() async throws {
        let command = try RunningCommand(["serve", "--bind", "127.0.0.1:0", "--log-level", "trace"], environment: ["SIGNALBOX_LOG_FORMAT": "json"])
        let startup = try await command.waitForOutput(containing: "serving http://")
        let url = try #require(startup.firstMatch(of: /serving (http:\/\/127\.0\.0\.1:\d+)/)?.1)
        let (password, body) = (LogSecrecyTests.password, LogSecrecyTests.body)
        try await LogSecrecyTests.exchangeSecrets(with: String(url))
        _ = try await command.waitForOutput(containing: "GET /inbox 401")
        kill(command.process.processIdentifier, SIGTERM)
        #expect(try await command.exitStatus() == 0)
        let printed = try await command.waitForOutput(containing: "stopped:")

        var messages: [String] = []
        for line in printed.split(separator: "\n") {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "\(line)")
            #expect(Array(object.keys).sorted() == ["fields", "level", "message", "time"], "\(line)")
            #expect((object["time"] as? String).flatMap { try? Date($0, strategy: .iso8601) } != nil, "\(line)")
            messages.append(object["message"] as? String ?? "")
        }
        #expect(messages.contains { $0.hasPrefix("POST /inbox 200") }, "\(messages)")
        #expect(messages.contains { $0.hasPrefix("signalbox serving http://") })
        #expect(!printed.contains(password))
        #expect(!printed.contains(Data("bob:\(password)".utf8).base64EncodedString()))
        #expect(!printed.contains(body))
        #expect(!printed.contains("Authorization"))
    }
}
