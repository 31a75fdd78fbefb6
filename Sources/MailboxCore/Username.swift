/// The name of an inbox: any UTF-8 text of 1 to 256 bytes without control characters.
///
/// Two usernames are equal only when their bytes are: Swift's `String` equality treats
/// canonically equivalent text ("é" and "e\u{301}") as equal, which would let one peer
/// read another's inbox.
public struct Username: Hashable, Sendable, CustomStringConvertible {
    /// The longest username accepted, in UTF-8 bytes.
    public static let maximumByteCount = 256

    /// The name exactly as the peer sent it.
    public let text: String

    /// Validates raw bytes, as they arrive in a Basic auth header or a query parameter.
    public init(validating bytes: some Collection<UInt8>) throws(UsernameError) {
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw .invalidUTF8
        }
        try self.init(validating: text)
    }

    /// Validates text that is already a `String`.
    public init(validating text: String) throws(UsernameError) {
        let byteCount = text.utf8.count
        guard byteCount > 0 else { throw .empty }
        guard byteCount <= Self.maximumByteCount else { throw .tooLong(byteCount: byteCount) }
        guard !text.unicodeScalars.contains(where: \.isControlCharacter) else {
            throw .controlCharacter
        }
        self.text = text
    }

    public static func == (lhs: Username, rhs: Username) -> Bool {
        lhs.text.utf8.elementsEqual(rhs.text.utf8)
    }

    public func hash(into hasher: inout Hasher) {
        let hashedContiguously: Void? = text.utf8.withContiguousStorageIfAvailable {
            hasher.combine(bytes: UnsafeRawBufferPointer($0))
        }
        if hashedContiguously == nil {
            for byte in text.utf8 { hasher.combine(byte) }
        }
    }

    public var description: String { text }
}

/// Why a username was refused.
public enum UsernameError: Error, Equatable, Sendable, CustomStringConvertible {
    case empty
    case tooLong(byteCount: Int)
    case controlCharacter
    case invalidUTF8

    public var description: String {
        switch self {
        case .empty: "username is empty"
        case .tooLong(let count): "username is \(count) bytes, the limit is \(Username.maximumByteCount)"
        case .controlCharacter: "username contains a control character"
        case .invalidUTF8: "username is not valid UTF-8"
        }
    }
}

extension Unicode.Scalar {
    /// C0 controls, DEL and C1 controls: the characters that could forge or garble a header.
    var isControlCharacter: Bool {
        value < 0x20 || (0x7F...0x9F).contains(value)
    }
}
