import Logging
import NIOCore
import NIOPosix
import Synchronization

/// The mailbox over HTTP/1.1 on a store it does not own: one shared by many nodes (PostgreSQL),
/// which keeps its own timers and sweeps. The same front as ``MailboxHTTPServer``.
public final class SharedStoreServer: Sendable {
    public let configuration: ServerConfiguration
    /// The store the connections use.
    public let store: any ServerStore
    /// The address actually bound (with the real port when 0 was asked for).
    public let localAddress: SocketAddress
    private let resources: ConnectionResources
    private let group: MultiThreadedEventLoopGroup
    private let listener: any Channel
    private let connections: ConnectionCount
    /// Set by the first `shutdown()`: a second one must not touch loops that are gone.
    private let isShutDown = Atomic<Bool>(false)

    private init(
        configuration: ServerConfiguration, store: any ServerStore, resources: ConnectionResources,
        group: MultiThreadedEventLoopGroup, listener: any Channel, connections: ConnectionCount
    ) {
        self.configuration = configuration
        self.store = store
        self.localAddress = listener.localAddress!
        self.resources = resources
        self.group = group
        self.listener = listener
        self.connections = connections
    }

    /// Starts a server on `store`, whose rules (`store.configuration`) replace
    /// `configuration.mailbox`.
    public static func start(
        configuration: ServerConfiguration, store: any ServerStore, logger: Logger = Logger(label: "signalbox")
    ) async throws -> SharedStoreServer {
        var configuration = configuration
        configuration.mailbox = store.configuration
        let (group, connections, resources, listener) = try await MailboxHTTPServer.bind(
            configuration: configuration, store: store, logger: logger)
        return SharedStoreServer(
            configuration: configuration, store: store, resources: resources, group: group, listener: listener,
            connections: connections)
    }

    /// HTTP requests answered since the server started.
    public var requestsAnswered: Int { resources.requestsAnswered }

    /// The base URL peers use, e.g. `http://127.0.0.1:3000`.
    public var url: String {
        let scheme = configuration.tls == nil ? "http" : "https"
        let host = configuration.host
        return "\(scheme)://\(host.contains(":") ? "[\(host)]" : host):\(localAddress.port ?? configuration.port)"
    }

    /// Stops accepting, answers every waiting long-poll with "no message", then closes.
    public func shutdown() async {
        guard !isShutDown.exchange(true, ordering: .acquiringAndReleasing) else { return }
        await MailboxHTTPServer.close(listener: listener, resources: resources, connections: connections, group: group)
    }
}
