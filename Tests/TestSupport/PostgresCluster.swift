import Foundation

/// A throwaway PostgreSQL cluster that the tests start themselves, once per test process, with
/// scripts/postgres-cluster.sh (the same script scripts/test.sh uses): initdb into a temporary
/// directory, pg_ctl on a free 127.0.0.1 port. The script's watchdog stops it and removes its
/// directory when this process ends, however it ends.
///
/// Each test takes a database of its own (``makeDatabase()``), so tests run in parallel without
/// seeing each other's inboxes.
public final class PostgresCluster: Sendable {
    public let host = "127.0.0.1"
    public let port: Int
    public let user = "postgres"
    /// The superuser's password, set by the script.
    public let password = "signalbox-test"

    /// Its data directory, and the script that runs it.
    private let directory: String
    private let script: String

    private init(port: Int, directory: String, script: String) {
        self.port = port
        self.directory = directory
        self.script = script
    }

    /// The cluster, started on first use; nil where PostgreSQL is not installed (the reason is
    /// in ``unavailableReason``). A cluster that is installed but fails to start is a failure.
    public static let shared: Result<PostgresCluster, PostgresClusterError> = start()

    /// A cluster of its own, for a test that stops and starts the server (an outage).
    public static func makePrivate() throws -> PostgresCluster {
        try start().get()
    }

    /// Stops the server, keeping its data (the database goes away).
    public func pause() throws {
        let result = try runProgram(["bash", script, "pause", directory])
        guard result.status == 0 else { throw PostgresClusterError(description: "pause: \(result.output)") }
    }

    /// Starts the server again on its port, with its data.
    public func resume() throws {
        let result = try runProgram(["bash", script, "resume", directory, String(port)])
        guard result.status == 0 else { throw PostgresClusterError(description: "resume: \(result.output)") }
    }

    /// Whether the PostgreSQL tests can run; prints a loud notice when they cannot.
    public static let isInstalled: Bool = {
        let installed = FileManager.default.fileExists(atPath: "/usr/bin/psql") && initdbExists
        if !installed {
            FileHandle.standardError.write(Data("""

                ********************************************************************
                SKIPPED: PostgreSQL is not installed (no initdb or psql), so every
                PostgreSQL test is skipped. Install Debian's `postgresql` (.ci/run
                does) to run them.
                ********************************************************************

                """.utf8))
        }
        return installed
    }()

    private static var initdbExists: Bool {
        let candidates = ["/usr/local/bin/initdb", "/usr/bin/initdb"]
            + ((try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? [])
            .map { "/usr/lib/postgresql/\($0)/bin/initdb" }
        return candidates.contains { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// The cluster, or the test fails with why it could not be started.
    public static func get() throws -> PostgresCluster {
        try shared.get()
    }

    private static func start() -> Result<PostgresCluster, PostgresClusterError> {
        let script = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("scripts/postgres-cluster.sh").path
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("signalbox-postgres-\(getpid())-\(UUID().uuidString.prefix(8))").path
        do {
            let result = try runProgram(["bash", script, "start", directory, String(getpid())], timeout: .seconds(120))
            let lines = result.output.split(separator: "\n")
            guard result.status == 0, let last = lines.last, let port = Int(last) else {
                return .failure(PostgresClusterError(description: "scripts/postgres-cluster.sh failed:\n\(result.output)"))
            }
            return .success(PostgresCluster(port: port, directory: directory, script: script))
        } catch {
            return .failure(PostgresClusterError(description: "scripts/postgres-cluster.sh: \(error)"))
        }
    }

    /// Creates an empty database of its own for one test and returns its name.
    public func makeDatabase() throws -> String {
        let name = "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        try psql("CREATE DATABASE \(name)")
        return name
    }

    /// Runs one SQL command as the superuser (on the `postgres` database unless told).
    @discardableResult
    public func psql(_ sql: String, database: String = "postgres") throws -> String {
        let result = try runProgram([
            "env", "PGPASSWORD=\(password)", "psql", "-X", "-q", "-t", "-A", "-v", "ON_ERROR_STOP=1",
            "-h", host, "-p", String(port), "-U", user, "-d", database, "-c", sql,
        ])
        guard result.status == 0 else {
            throw PostgresClusterError(description: "psql \(sql): \(result.output)")
        }
        return result.output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The `--store` URL of `database`, without the password.
    public func url(database: String) -> String {
        "postgres://\(user)@\(host):\(port)/\(database)"
    }
}

/// The cluster could not be started.
public struct PostgresClusterError: Error, CustomStringConvertible {
    public let description: String
}
