import Crypto
import Testing
@testable import MailboxCore

@Suite struct PasswordHasherTests {
    let key = SymmetricKey(data: Array(0..<32) as [UInt8])

    @Test(arguments: ["", "pw", "a:b:c", String(repeating: "long password ", count: 20)])
    func aDigestIsTheHMACOfThePasswordUnderTheKey(_ password: String) {
        let expected = HMAC<SHA256>.authenticationCode(for: Array(password.utf8), using: key)
        #expect(PasswordHasher(key: key).digest(of: Array(password.utf8)).code == expected)
    }

    @Test func oneHasherGivesEachPasswordItsOwnDigestEveryTime() {
        // Each digest starts from a copy of the keyed state: no password may leak into the next.
        let hasher = PasswordHasher(key: key)
        let first = hasher.digest(of: Array("first".utf8))
        let second = hasher.digest(of: Array("second".utf8))
        #expect(first != second)
        #expect(hasher.digest(of: Array("first".utf8)) == first)
        #expect(hasher.digest(of: Array("second".utf8)) == second)
        #expect(PasswordHasher().digest(of: Array("first".utf8)) != first)
    }
}
