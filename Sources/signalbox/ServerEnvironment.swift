import ArgumentParser

/// Every flag of `signalbox serve` may also come from the environment, for containers and
/// systemd units: `SIGNALBOX_` and the flag's name in capitals with `_` for `-`
/// (`--inbox-timeout` is `SIGNALBOX_INBOX_TIMEOUT`). A flag on the command line wins.
///
/// The variables become arguments before parsing, so that a value from the environment is
/// checked exactly like the same flag typed by hand.
enum ServerEnvironment {
    /// How a variable's text becomes arguments.
    enum Kind: Equatable {
        /// `--flag VALUE`.
        case value
        /// A flag that is off by default: true adds `--flag`, false adds nothing.
        case onSwitch
        /// A flag with a `--no-` form: true adds `--flag`, false `--no-flag`.
        case toggle
    }

    /// The flags of `ServerOptions` and `ServeCommand`, by long name (a test checks that this
    /// list and the commands' flags agree).
    static let flags: [(name: String, kind: Kind)] = [
        ("bind", .value), ("inbox-timeout", .value), ("message-timeout", .value),
        ("inbox-capacity", .value), ("max-body-size", .value), ("max-inboxes", .value),
        ("max-bytes", .value), ("long-polling", .toggle), ("long-poll-timeout", .value),
        ("cors", .onSwitch), ("tls-cert", .value), ("tls-key", .value), ("tls-self-signed", .onSwitch),
        ("public", .value), ("pages", .toggle), ("idle-timeout", .value), ("max-connections", .value),
        ("threads", .value), ("record", .value), ("delay", .value), ("drop-percent", .value),
        ("store", .value), ("store-password-file", .value), ("log-level", .value), ("log-format", .value),
    ]

    /// The variable that may set `--name`.
    static func variable(for name: String) -> String {
        "SIGNALBOX_" + name.uppercased().replacing("-", with: "_")
    }

    /// Help for a flag that the environment may set, naming its variable.
    static func help(_ text: String, flag name: String, valueName: String? = nil) -> ArgumentHelp {
        ArgumentHelp("\(text) (env: \(variable(for: name)))", valueName: valueName)
    }

    /// A variable that became arguments, to name it if the value turns out to be wrong.
    struct Applied: Equatable {
        let variable: String
        let flag: String
        let value: String
    }

    /// `arguments` (without the program's name) with the flags that the environment sets and
    /// the command line does not, for the commands that take server flags: `serve`, and the UI
    /// (the default command) when it hosts. Empty variables count as unset.
    static func arguments(
        _ arguments: [String], environment: [String: String]
    ) throws(EnvironmentError) -> (arguments: [String], applied: [Applied]) {
        let first = arguments.first ?? "-"
        let command = first.hasPrefix("-") ? "ui" : first
        guard command == "serve" || command == "ui" else { return (arguments, []) }
        let end = arguments.firstIndex(of: "--") ?? arguments.endIndex
        let given = arguments[..<end]
        func isGiven(_ flag: String) -> Bool {
            given.contains { $0 == flag || $0.hasPrefix(flag + "=") }
        }
        var added: [String] = []
        var applied: [Applied] = []
        for (name, kind) in flags {
            if command == "ui", name.hasPrefix("log-") || name.hasPrefix("store") { continue }  // serve's alone
            let variable = variable(for: name)
            guard let value = environment[variable], !value.isEmpty,
                  !isGiven("--" + name), !(kind == .toggle && isGiven("--no-" + name))
            else { continue }
            let flag: String?
            switch kind {
            case .value:
                flag = "--" + name
                added += ["--" + name, value]
            case .onSwitch, .toggle:
                guard let on = Self.truth(value) else { throw EnvironmentError(variable: variable, value: value) }
                flag = on ? "--" + name : kind == .toggle ? "--no-" + name : nil
                if let flag { added.append(flag) }
            }
            if let flag { applied.append(Applied(variable: variable, flag: flag, value: value)) }
        }
        return (Array(given) + added + arguments[end...], applied)
    }

    /// The words a variable may use for on and off.
    private static func truth(_ value: String) -> Bool? {
        switch value.lowercased() {
        case "1", "true", "yes", "on": true
        case "0", "false", "no", "off": false
        default: nil
        }
    }

    /// Where a usage error names a flag that came from the environment, which variable set it.
    static func note(on message: String, applied: [Applied]) -> String? {
        let named = applied.filter { message.contains($0.flag) }
        guard !named.isEmpty else { return nil }
        return named.map { "\($0.flag) came from the environment: \($0.variable)=\($0.value)" }.joined(separator: "\n")
    }
}

/// A variable for an on/off flag that is neither.
struct EnvironmentError: Error, Equatable, CustomStringConvertible {
    let variable: String
    let value: String

    var description: String {
        "\(variable) must be true or false (also 1 or 0, yes or no, on or off), not '\(value)'"
    }
}
