import NIOCore

extension Channel {
    /// Whether the kernel has already seen the client close its side (TCP state other than
    /// ESTABLISHED), even if the event loop has not yet read the end of the stream. Only on the
    /// channel's own loop, where the option is read synchronously.
    var peerHasClosed: Bool {
        #if os(Linux)
        guard let socket = self as? any SocketOptionProvider else { return false }
        var closed = false
        socket.getTCPInfo().assumeIsolated().whenSuccess { info in
            closed = info.tcpi_state != tcpEstablished
        }
        return closed
        #else
        return false
        #endif
    }
}

/// Linux's TCP_ESTABLISHED (netinet/tcp.h), which Swift does not import.
private let tcpEstablished: UInt8 = 1
