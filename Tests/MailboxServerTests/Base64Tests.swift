import Foundation
import PropertyBased
import Testing
@testable import MailboxServer

@Suite struct Base64Tests {
    @Test func whatFoundationEncodesDecodesWithOrWithoutPadding() async {
        await propertyCheck(count: 500, input: Gen<UInt8>.value(in: 0...255).array(of: 0...64)) { bytes in
            let padded = Data(bytes).base64EncodedString()
            #expect(Base64.decode(Array(padded.utf8)) == bytes)
            let unpadded = padded.prefix { $0 != "=" }
            #expect(Base64.decode(Array(unpadded.utf8)) == bytes)
        }
    }

    @Test(arguments: ["a", "abcde", "ab=c", "ab===", "a!cd", "ab cd", "abc==", "abcd="])
    func whatIsNotBase64IsRefused(_ text: String) {
        #expect(Base64.decode(Array(text.utf8)) == nil)
    }
}
