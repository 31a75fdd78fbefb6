import Foundation

/// An ICE candidate line taken apart field by field (RFC 8839 §5.1):
/// `candidate:1 1 udp 2122260223 192.168.1.2 54321 typ host generation 0 ufrag abcd`.
struct ICECandidate {
    var foundation: String
    var component: String
    var transport: String
    var priority: String
    var address: String
    var port: String
    var type: String
    /// What follows the type, in order: raddr, rport, tcptype, generation, ufrag, network-id...
    var extensions: [(name: String, value: String)]

    init?(_ line: String) {
        var text = Substring(line.trimmingCharacters(in: .whitespacesAndNewlines))
        if text.hasPrefix("a=") { text = text.dropFirst(2) }
        guard text.hasPrefix("candidate:") else { return nil }
        let fields = text.dropFirst("candidate:".count).split(separator: " ").map(String.init)
        guard fields.count >= 8, fields[6] == "typ" else { return nil }
        (foundation, component, transport, priority, address, port, type) =
            (fields[0], fields[1], fields[2], fields[3], fields[4], fields[5], fields[7])
        extensions = stride(from: 8, to: fields.count - 1, by: 2).map { (fields[$0], fields[$0 + 1]) }
    }

    /// Every field, named, with what it means where that helps: the inspector's lines.
    var fields: [(name: String, value: String)] {
        var fields: [(String, String)] = [
            ("foundation", foundation + "  (same base, type and server: candidates that share it are checked together)"),
            ("component", component + (component == "1" ? "  (RTP)" : component == "2" ? "  (RTCP)" : "")),
            ("protocol", transport.lowercased()),
            ("priority", priority + priorityParts),
            ("address", address + (address.hasSuffix(".local") ? "  (an mDNS name that hides the local address)" : "")),
            ("port", port),
            ("type", type + typeMeaning),
        ]
        for (name, value) in extensions {
            let label = switch name {
            case "raddr": "related address"
            case "rport": "related port"
            case "tcptype": "tcp type"
            case "ufrag": "ufrag"
            case "generation": "generation"
            case "network-id": "network id"
            case "network-cost": "network cost"
            default: name
            }
            let meaning = switch (name, value) {
            case ("raddr", _), ("rport", _): "  (the base this candidate was found from)"
            case ("tcptype", "active"): "  (opens the connection)"
            case ("tcptype", "passive"): "  (accepts the connection)"
            case ("tcptype", "so"): "  (simultaneous open)"
            case ("ufrag", _): "  (the ICE username fragment of the session it belongs to)"
            case ("generation", _): "  (counts ICE restarts)"
            default: ""
            }
            fields.append((label, value + meaning))
        }
        return fields
    }

    /// "  (type 126, local 65535, component 1)": priority = 2^24·type + 2^8·local + (256 − component).
    private var priorityParts: String {
        guard let value = UInt32(priority) else { return "" }
        return "  (type preference \(value >> 24), local \((value >> 8) & 0xFFFF), component \(256 - (value & 0xFF)))"
    }

    private var typeMeaning: String {
        switch type {
        case "host": "  (an address of the peer's own network interface)"
        case "srflx": "  (server reflexive: the peer's public address, as a STUN server saw it)"
        case "prflx": "  (peer reflexive: an address learnt from a connectivity check)"
        case "relay": "  (an address on a TURN relay)"
        default: ""
        }
    }
}
