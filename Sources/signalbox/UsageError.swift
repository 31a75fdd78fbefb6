/// A usage error found while a command runs (a missing user, an unreadable file): said in one
/// line and exit status 2, without the usage text that a flag parsing error gets, which says
/// nothing about a file that is not there.
struct UsageError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
