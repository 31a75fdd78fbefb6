import ArgumentParser
import Foundation
import MailboxClient

/// The exit statuses of the client commands: each means one thing a script can act on.
enum ExitStatus {
    static let ok: Int32 = 0
    static let noMessage: Int32 = 1
    static let usage: Int32 = 2
    static let unauthorized: Int32 = 3
    static let peerNotFound: Int32 = 4
    static let refused: Int32 = 5
    static let unreachable: Int32 = 6

    static let help = """
        Exit status: 0 ok; 1 no message (receive); 2 usage error; 3 wrong password (the username \
        is taken); 4 the peer has no inbox; 5 the server refused (too large, inbox full, bad \
        request); 6 the server cannot be reached.
        """

    static func of(_ error: MailboxClientError) -> Int32 {
        switch error {
        case .invalidServer, .invalidUsername: usage
        case .unauthorized: unauthorized
        case .peerNotFound: peerNotFound
        case .messageTooLarge, .inboxFull, .badRequest, .refused: refused
        case .unreachable: unreachable
        }
    }

    /// Says what went wrong on stderr and exits with the matching status.
    static func fail(_ error: MailboxClientError) -> ExitCode {
        printError(error.description)
        return ExitCode(of(error))
    }
}

/// Writes `signalbox: MESSAGE` to stderr.
func printError(_ message: String) {
    FileHandle.standardError.write(Data("signalbox: \(message)\n".utf8))
}
