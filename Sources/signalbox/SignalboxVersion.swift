/// The version of signalbox. This is the one place it is written: `--version` prints it, and
/// `scripts/test.sh` tags its clone with it to build a package that depends on this one.
enum SignalboxVersion {
    static let number = "0.1.0"

    /// What `--version` prints: the number, and the commit it was built from when git was
    /// there at build time (`buildCommit`, written by the BuildCommit plugin).
    static var description: String {
        buildCommit.map { "\(number) (commit \($0))" } ?? number
    }
}
