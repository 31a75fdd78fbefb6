import Crypto
import Foundation  // for [UInt8]: DataProtocol

/// Turns passwords into keyed hashes (HMAC-SHA256 under a key that never leaves the process),
/// so that the store never holds a password in clear.
struct PasswordHasher: Sendable {
    private let key: SymmetricKey

    init(key: SymmetricKey = SymmetricKey(size: .bits256)) {
        self.key = key
    }

    func digest(of password: [UInt8]) -> PasswordDigest {
        PasswordDigest(code: HMAC<SHA256>.authenticationCode(for: password, using: key))
    }
}

/// A password's keyed hash. `==` runs in constant time.
struct PasswordDigest: Equatable, Sendable {
    let code: HashedAuthenticationCode<SHA256>

    static func == (lhs: PasswordDigest, rhs: PasswordDigest) -> Bool {
        // HashedAuthenticationCode's own == compares in constant time.
        lhs.code == rhs.code
    }
}
