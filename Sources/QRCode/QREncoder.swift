import CQREncode
import SignalboxUI

/// Encodes text as a QR code with libqrencode: the smallest version that holds it, at error
/// correction level L (screens are clean; a smaller code fits more terminals).
public enum QREncoder {
    /// The code of `text`, or nil if it is empty, holds a NUL (libqrencode takes C strings)
    /// or is too long for any QR version.
    public static func matrix(for text: String) -> QRMatrix? {
        guard !text.isEmpty, !text.utf8.contains(0),
              let code = QRcode_encodeString(text, 0, QR_ECLEVEL_L, QR_MODE_8, 1) else { return nil }
        defer { QRcode_free(code) }
        let size = Int(code.pointee.width)
        // The low bit of each byte is the module's color (1 = dark); the others say what the
        // module is for (finder, timing, data), which drawing does not need.
        let data = UnsafeBufferPointer(start: code.pointee.data, count: size * size)
        return QRMatrix(size: size, modules: data.map { $0 & 1 == 1 })
    }
}
