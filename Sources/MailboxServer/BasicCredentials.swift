import MailboxCore

/// The username and password of an HTTP Basic `Authorization` header.
struct BasicCredentials: Equatable {
    let username: Username
    let password: [UInt8]

    /// Why a request's credentials were refused.
    enum Failure: Error, Equatable {
        /// No header, another scheme, bad base64 or no colon: answered with 401.
        case missingOrMalformed
        /// Well-formed, but the username breaks the rules: answered with 400.
        case invalidUsername(UsernameError)
    }

    /// Parses the value of a request's `Authorization` header.
    static func parse(_ headerValue: String) -> Result<BasicCredentials, Failure> {
        guard let decoded = decodeBasic(headerValue) else {
            return .failure(.missingOrMalformed)
        }
        // Everything after the first colon is the password, colons included.
        guard let colon = decoded.firstIndex(of: UInt8(ascii: ":")) else {
            return .failure(.missingOrMalformed)
        }
        do {
            let username = try Username(validating: decoded[..<colon])
            return .success(BasicCredentials(username: username, password: Array(decoded[(colon + 1)...])))
        } catch {
            return .failure(.invalidUsername(error))
        }
    }

    /// The bytes behind `Basic <base64>`; the scheme is case-insensitive and padding optional.
    private static func decodeBasic(_ value: String) -> [UInt8]? {
        let isSpace = { (byte: UInt8) in byte == UInt8(ascii: " ") }
        let text = value.utf8.drop(while: isSpace)
        guard let space = text.firstIndex(where: isSpace),
              text[..<space].elementsEqual("basic".utf8, by: { $0 | 0x20 == $1 })
        else { return nil }
        var token = text[space...].drop(while: isSpace)
        while token.last.map(isSpace) == true { token = token.dropLast() }
        return Base64.decode(token)
    }
}
