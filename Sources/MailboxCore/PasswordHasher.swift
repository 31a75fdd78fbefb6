import Crypto
import Foundation  // for [UInt8]: DataProtocol

/// Turns passwords into keyed hashes (HMAC-SHA256 under a key that never leaves the process),
/// so that the store never holds a password in clear. It is immutable and thread-safe: a server
/// hashes before taking the store's lock, so that no request waits on another's hashing.
public struct PasswordHasher: Sendable {
    /// HMAC with the key already absorbed: each digest starts from a copy of it, which saves
    /// padding the key and hashing its two blocks again per password.
    private let keyed: HMAC<SHA256>

    public init() {
        self.init(key: SymmetricKey(size: .bits256))
    }

    init(key: SymmetricKey) {
        keyed = HMAC<SHA256>(key: key)
    }

    /// A hasher under a key shared by every node of a cluster (kept in its database), so that
    /// any node can check a password that another one stored.
    public init(sharedKey: [UInt8]) {
        self.init(key: SymmetricKey(data: sharedKey))
    }

    public func digest(of password: [UInt8]) -> PasswordDigest {
        var authenticator = keyed
        authenticator.update(data: password)
        return PasswordDigest(code: authenticator.finalize())
    }
}

/// A password's keyed hash. `==` runs in constant time.
public struct PasswordDigest: Equatable, Sendable {
    let code: HashedAuthenticationCode<SHA256>

    /// The 32 bytes of the hash, for a store that keeps it outside the process.
    public var bytes: [UInt8] { Array(code) }

    public static func == (lhs: PasswordDigest, rhs: PasswordDigest) -> Bool {
        // HashedAuthenticationCode's own == compares in constant time.
        lhs.code == rhs.code
    }
}
