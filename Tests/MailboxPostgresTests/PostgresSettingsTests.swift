import Foundation
import MailboxPostgres
import Testing

@Suite struct PostgresSettingsTests {
    @Test func aURLGivesHostPortUserDatabaseAndTLS() throws {
        let settings = try PostgresSettings(url: "postgres://app@db.example:6543/mail?sslmode=require")
        #expect(settings == PostgresSettings(host: "db.example", port: 6543, user: "app", password: nil, database: "mail", tls: .require))
        #expect(try PostgresSettings(url: "postgresql://app@db/mail").port == 5432)
    }

    @Test func thePasswordComesFromTheURLThenTheFileThenPGPASSWORD() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("pw-\(UUID())").path
        try "from-file\nignored\n".write(toFile: file, atomically: true, encoding: .utf8)
        defer { unlink(file) }
        let environment = ["PGPASSWORD": "from-env"]
        #expect(try PostgresSettings(url: "postgres://u:in%40url@h/d", passwordFile: file, environment: environment).password == "in@url")
        #expect(try PostgresSettings(url: "postgres://u@h/d", passwordFile: file, environment: environment).password == "from-file")
        #expect(try PostgresSettings(url: "postgres://u@h/d", environment: environment).password == "from-env")
        #expect(try PostgresSettings(url: "postgres://u@h/d").password == nil)
    }

    @Test(arguments: [
        ("http://u@h/d", "not a postgres://"),
        ("postgres://h/d", "a user"),
        ("postgres://u@h", "a database"),
        ("postgres://u@h/d?sslmode=sometimes", "unknown URL parameter sslmode=sometimes"),
        ("postgres://u@h/d?application=x", "unknown URL parameter application"),
    ])
    func badURLsSayWhatIsWrong(url: String, said: String) {
        #expect {
            try PostgresSettings(url: url)
        } throws: { error in
            "\(error)".contains(said)
        }
    }

    @Test func aBadURLsMessageNeverShowsItsPassword() {
        #expect {
            try PostgresSettings(url: "http://u:s3cret@h/d")
        } throws: { error in
            !"\(error)".contains("s3cret")
        }
    }

    @Test func theDescriptionForLogsHasNoPassword() throws {
        let settings = try PostgresSettings(url: "postgres://u:s3cret@h:5/d")
        #expect(settings.description == "postgres://u@h:5/d")
    }

    @Test func anUnreadablePasswordFileIsNamed() {
        #expect(throws: PostgresSettingsError.unreadablePasswordFile("/nonexistent/pw")) {
            try PostgresSettings(url: "postgres://u@h/d", passwordFile: "/nonexistent/pw")
        }
    }
}
