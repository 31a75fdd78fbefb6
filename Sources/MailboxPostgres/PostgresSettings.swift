import Foundation
import NIOSSL
import PostgresNIO

/// Where the database is and how to log in: from a `postgres://USER[:PASSWORD]@HOST[:PORT]/DB`
/// URL (`?sslmode=require` for TLS), the password from the URL, a password file or `PGPASSWORD`.
public struct PostgresSettings: Sendable, Equatable {
    public var host: String
    public var port: Int
    public var user: String
    public var password: String?
    public var database: String
    public var tls: TLSMode

    /// How the connection to the database is protected (libpq's `sslmode`, in part).
    public enum TLSMode: String, Sendable, Equatable {
        case disable, prefer, require
    }

    public init(host: String, port: Int = 5432, user: String, password: String?, database: String, tls: TLSMode = .disable) {
        self.host = host
        self.port = port
        self.user = user
        self.password = password
        self.database = database
        self.tls = tls
    }

    /// Reads a store URL. The password comes from the URL, else from `passwordFile` (its first
    /// line), else from `PGPASSWORD` in `environment`.
    public init(url text: String, passwordFile: String? = nil, environment: [String: String] = [:]) throws(PostgresSettingsError) {
        guard let components = URLComponents(string: text),
            components.scheme == "postgres" || components.scheme == "postgresql"
        else {
            throw .notAPostgresURL(text.redactingPassword)
        }
        guard let user = components.user, !user.isEmpty else { throw .missingPart("a user (postgres://USER@HOST/DB)") }
        guard let host = components.host, !host.isEmpty else { throw .missingPart("a host (postgres://USER@HOST/DB)") }
        let database = String(components.path.drop(while: { $0 == "/" }))
        guard !database.isEmpty else { throw .missingPart("a database (postgres://USER@HOST/DB)") }
        var tls = TLSMode.disable
        for item in components.queryItems ?? [] {
            guard item.name == "sslmode" else { throw .unknownParameter(item.name) }
            switch item.value {
            case "disable": tls = .disable
            case "prefer", "allow": tls = .prefer
            case "require", "verify-ca", "verify-full": tls = .require
            default: throw .unknownParameter("sslmode=\(item.value ?? "")")
            }
        }
        var password = components.password?.removingPercentEncoding
        if password == nil, let passwordFile {
            guard let contents = FileManager.default.contents(atPath: passwordFile) else {
                throw .unreadablePasswordFile(passwordFile)
            }
            password = String(decoding: contents, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
                .first.map(String.init) ?? ""
        }
        if password == nil { password = environment["PGPASSWORD"] }
        self.init(
            host: host, port: components.port ?? 5432, user: user.removingPercentEncoding ?? user,
            password: password, database: database, tls: tls)
    }

    /// The settings as PostgresNIO's client takes them.
    func clientConfiguration() -> PostgresClient.Configuration {
        let tls: PostgresClient.Configuration.TLS =
            switch self.tls {
            case .disable: .disable
            case .prefer: .prefer(.makeClientConfiguration())
            case .require: .require(.makeClientConfiguration())
            }
        var configuration = PostgresClient.Configuration(
            host: host, port: port, username: user, password: password, database: database, tls: tls)
        configuration.options.connectTimeout = .seconds(5)
        return configuration
    }

    /// The settings for the one connection that listens for notifications.
    func connectionConfiguration() throws -> PostgresConnection.Configuration {
        let tls: PostgresConnection.Configuration.TLS =
            switch self.tls {
            case .disable: .disable
            case .prefer: .prefer(try NIOSSLContext(configuration: .makeClientConfiguration()))
            case .require: .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
            }
        return PostgresConnection.Configuration(
            host: host, port: port, username: user, password: password, database: database, tls: tls)
    }

    /// The URL without its password, for logs.
    public var description: String {
        "postgres://\(user)@\(host):\(port)/\(database)" + (tls == .disable ? "" : "?sslmode=\(tls.rawValue)")
    }
}

/// A store URL or password that cannot be used.
public enum PostgresSettingsError: Error, Equatable, CustomStringConvertible {
    case notAPostgresURL(String)
    case missingPart(String)
    case unknownParameter(String)
    case unreadablePasswordFile(String)

    public var description: String {
        switch self {
        case .notAPostgresURL(let url): "--store \(url): not a postgres://USER@HOST[:PORT]/DB URL"
        case .missingPart(let part): "--store: the URL needs \(part)"
        case .unknownParameter(let name): "--store: unknown URL parameter \(name) (only sslmode=disable|prefer|require)"
        case .unreadablePasswordFile(let path): "--store-password-file \(path): cannot be read"
        }
    }
}

extension String {
    /// The URL with any password replaced, so that an error message never shows it.
    fileprivate var redactingPassword: String {
        guard var components = URLComponents(string: self), components.password != nil else { return self }
        components.password = "***"
        return components.string ?? "(unreadable URL)"
    }
}
