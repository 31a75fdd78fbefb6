/// A QR code as its square of modules, dark or light, without the quiet zone: what an encoder
/// produces and what ``QRBlocks`` draws. Pure values, so the drawing is tested without one.
public struct QRMatrix: Hashable, Sendable {
    /// Modules per side.
    public let size: Int
    /// Row by row, `true` for a dark module.
    public let modules: [Bool]

    /// - Precondition: `modules.count == size * size`.
    public init(size: Int, modules: [Bool]) {
        precondition(size >= 0 && modules.count == size * size, "a QR matrix is square")
        self.size = size
        self.modules = modules
    }

    /// Whether the module at column `x`, row `y` is dark; everything outside is light, which
    /// is what the quiet zone around a code must be.
    public func isDark(x: Int, y: Int) -> Bool {
        guard x >= 0, y >= 0, x < size, y < size else { return false }
        return modules[y * size + x]
    }
}
