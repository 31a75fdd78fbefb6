import Foundation

/// Why saving a message failed, in a few words for the status line. Foundation's own sentences
/// ("The operation could not be completed. The file doesn’t exist.") spend half a line on
/// nothing and name the wrong file when a directory is missing.
enum SaveFailure {
    static func reason(_ error: any Error) -> String {
        switch (error as? CocoaError)?.code {
        case .fileWriteFileExists?: "a file of that name exists already"
        case .fileNoSuchFile?: "its directory does not exist"
        case .fileWriteNoPermission?, .fileReadNoPermission?: "permission denied"
        case .fileWriteOutOfSpace?: "the disk is full"
        case .fileWriteVolumeReadOnly?: "the file system is read-only"
        default: (error as NSError).localizedDescription
        }
    }
}
