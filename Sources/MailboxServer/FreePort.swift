#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import NIOCore

/// Finds a port that can be listened on now, to suggest when the one asked for is taken: a
/// suggestion that is itself in use helps nobody.
enum FreePort {
    /// The first of the next `range` ports after `port` that `host` can bind now, else nil.
    static func after(_ port: Int, on host: String, range: Int = 100) -> Int? {
        guard port < 65535 else { return nil }
        for candidate in (port + 1)...min(65535, port + range) {
            guard let address = try? SocketAddress.makeAddressResolvingHost(host, port: candidate) else { return nil }
            if canBind(address) { return candidate }
        }
        return nil
    }

    /// Whether a listening socket could bind `address` now (with SO_REUSEADDR, as the server
    /// binds, so that connections lingering in TIME_WAIT do not count).
    private static func canBind(_ address: SocketAddress) -> Bool {
        #if canImport(Glibc)
        let stream = Int32(SOCK_STREAM.rawValue)
        #else
        let stream = SOCK_STREAM
        #endif
        let descriptor = socket(address.protocol.rawValue, stream, 0)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var one: Int32 = 1
        _ = setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        return address.withSockAddr { pointer, size in bind(descriptor, pointer, socklen_t(size)) } == 0
    }
}
