import Foundation

/// A `HOST:PORT` to listen on: `127.0.0.1:3000`, `[::1]:3000`, or `:3000` for every interface.
struct BindAddress: Equatable, CustomStringConvertible {
    var host: String
    var port: Int

    init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    init?(parsing text: String) {
        let hostPart: Substring
        let portPart: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]"), text[text.index(after: close)...].hasPrefix(":") else { return nil }
            hostPart = text[text.index(after: text.startIndex)..<close]
            portPart = text[text.index(close, offsetBy: 2)...]
        } else {
            guard let colon = text.lastIndex(of: ":"), !text[..<colon].contains(":") else { return nil }
            hostPart = text[..<colon]
            portPart = text[text.index(after: colon)...]
        }
        guard let port = Int(portPart), (0...65_535).contains(port) else { return nil }
        host = hostPart.isEmpty ? "0.0.0.0" : String(hostPart)
        self.port = port
    }

    var description: String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }
}

extension BindAddress {
    /// Why the host cannot be listened on, or nil: not an IP address and not a name this
    /// machine resolves (a typo such as 999.1.1.1), said before the server tries to bind.
    var hostProblem: String? {
        var ipv4 = in_addr()
        if host.allSatisfy({ $0.isNumber || $0 == "." }) {
            // Digits and dots are meant as an IPv4 address: no name lookup for a typo.
            return inet_pton(AF_INET, host, &ipv4) == 1 ? nil : "'\(host)' is not an IPv4 address"
        }
        var hints = addrinfo()
        hints.ai_flags = AI_PASSIVE
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var found: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, nil, &hints, &found)
        if let found { freeaddrinfo(found) }
        guard status != 0 else { return nil }
        return "'\(host)' is not an IP address or a name this machine can resolve (\(String(cString: gai_strerror(status))))"
    }
}
