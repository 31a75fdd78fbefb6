/// The parameters of a URL query, decoded as Go's `url.ParseQuery` does: `+` is a space and
/// `%XX` a byte. Values stay bytes, since a username is validated as UTF-8 later.
struct QueryParameters {
    private var pairs: [(name: [UInt8], value: [UInt8])] = []

    /// Parses `query` (the part after `?`); nil if an escape is malformed.
    init?(_ query: Substring) {
        for pair in query.utf8.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            let parts = pair.split(separator: UInt8(ascii: "="), maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = Self.unescape(parts[0]),
                  let value = parts.count > 1 ? Self.unescape(parts[1]) : []
            else { return nil }
            pairs.append((name, value))
        }
    }

    /// The first value of `name`, as Go's `Query().Get` returns it.
    subscript(name: String) -> [UInt8]? {
        let wanted = Array(name.utf8)
        return pairs.first { $0.name == wanted }?.value
    }

    private static func unescape(_ bytes: Substring.UTF8View.SubSequence) -> [UInt8]? {
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "+"):
                result.append(UInt8(ascii: " "))
            case UInt8(ascii: "%"):
                let high = bytes.index(after: index)
                guard high < bytes.endIndex, bytes.index(after: high) < bytes.endIndex,
                      let h = bytes[high].hexDigitValue, let l = bytes[bytes.index(after: high)].hexDigitValue
                else { return nil }
                result.append(h << 4 | l)
                index = bytes.index(after: high)
            default:
                result.append(byte)
            }
            index = bytes.index(after: index)
        }
        return result
    }
}

extension UInt8 {
    /// The value of a hexadecimal digit, in either case.
    var hexDigitValue: UInt8? {
        switch self {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): self - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): self - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): self - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
