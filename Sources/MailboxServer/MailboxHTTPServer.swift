import Logging
import MailboxCore
import NIOCore
import NIOFileSystem
import NIOPosix
import NIOSSL
import Synchronization

/// The mailbox over HTTP/1.1: one function builds and binds it for both `signalbox serve` and
/// the tests (which bind port 0).
public final class MailboxHTTPServer: Sendable {
    public let configuration: ServerConfiguration
    /// The store this server made from `configuration.mailbox`, for observers and the host's controls.
    public let store: InMemoryStore
    private let resources: ConnectionResources
    /// The address actually bound (with the real port when 0 was asked for).
    public let localAddress: SocketAddress
    private let group: MultiThreadedEventLoopGroup
    private let listener: any Channel
    private let expirySweep: RepeatedTask
    private let connections: ConnectionCount
    /// Set by the first `shutdown()`: a second one must not touch loops that are gone.
    private let isShutDown = Atomic<Bool>(false)

    /// How long a shutdown lets open connections be read before it closes them.
    static let shutdownGrace = Duration.milliseconds(100)

    /// How often expired inboxes and messages are freed and reported; requests never see them
    /// in between, since the store checks what each operation touches.
    static let sweepInterval = TimeAmount.milliseconds(250)

    private init(
        configuration: ServerConfiguration, store: InMemoryStore, resources: ConnectionResources, localAddress: SocketAddress,
        group: MultiThreadedEventLoopGroup, listener: any Channel, expirySweep: RepeatedTask, connections: ConnectionCount
    ) {
        self.configuration = configuration
        self.store = store
        self.resources = resources
        self.localAddress = localAddress
        self.group = group
        self.listener = listener
        self.expirySweep = expirySweep
        self.connections = connections
    }

    /// Starts a server on a store made from `configuration.mailbox`, its one source of rules.
    /// - Parameters:
    ///   - clock: the store's time (tests drive a manual one).
    ///   - onEvent: told of every store event, under the store's lock: keep it quick.
    public static func start(
        configuration: ServerConfiguration,
        clock: any MailboxClock = SystemClock(),
        onEvent: (@Sendable (MailboxEvent) -> Void)? = nil,
        logger: Logger = Logger(label: "signalbox")
    ) async throws -> MailboxHTTPServer {
        let store = InMemoryStore(configuration: configuration.mailbox, clock: clock, onEvent: onEvent)
        let (group, connections, resources, listener) = try await bind(configuration: configuration, store: store, logger: logger)
        let sweepLoop = group.next()
        let expirySweep = sweepLoop.scheduleRepeatedTask(initialDelay: sweepInterval, delay: sweepInterval) { _ in
            sweepExpired(from: store, on: sweepLoop)
        }
        return MailboxHTTPServer(
            configuration: configuration, store: store, resources: resources, localAddress: listener.localAddress!,
            group: group, listener: listener, expirySweep: expirySweep, connections: connections)
    }

    /// Binds the HTTP front of `store` (any store, the in-memory one or one shared by many
    /// nodes): its event loops, its connection count, what its connections share, its listener.
    static func bind(
        configuration: ServerConfiguration, store: any ServerStore, logger: Logger
    ) async throws -> (MultiThreadedEventLoopGroup, ConnectionCount, ConnectionResources, any Channel) {
        let sslContext = try configuration.tls.map(makeSSLContext)
        let staticFiles: StaticFiles? =
            if let directory = configuration.publicDirectory { try await checkedStaticFiles(directory) } else { nil }

        let group = MultiThreadedEventLoopGroup(numberOfThreads: max(1, configuration.threads))
        let connections = ConnectionCount()
        let resources = ConnectionResources(store: store, configuration: configuration, staticFiles: staticFiles, logger: logger)
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 1024)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelOption(.maxMessagesPerRead, value: 16)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    // Past the limit a connection is closed at once, before it costs anything.
                    guard connections.open() < configuration.maxConnections else {
                        connections.close()
                        throw ChannelError.inappropriateOperationForState
                    }
                    channel.closeFuture.whenComplete { _ in connections.close() }
                    let pipeline = channel.pipeline.syncOperations
                    if let sslContext {
                        try pipeline.addHandler(NIOSSLServerHandler(context: sslContext))
                    }
                    try pipeline.addHandler(MailboxHTTPHandler(resources))
                }
            }

        let listener: any Channel
        do {
            listener = try await bootstrap.bind(host: configuration.host, port: configuration.port).get()
        } catch {
            try? await group.shutdownGracefully()
            throw bindError(error, configuration)
        }
        return (group, connections, resources, listener)
    }

    /// HTTP requests answered since the server started (the host view shows their rate).
    public var requestsAnswered: Int { resources.requestsAnswered }

    /// The port actually bound.
    public var port: Int { localAddress.port ?? configuration.port }

    /// The base URL peers use, e.g. `http://127.0.0.1:3000`.
    public var url: String { url(host: configuration.host) }

    /// The base URL of this server reached at `host`, an address or a name (one of the LAN
    /// addresses of a server bound to all of them): `https://[::1]:3000`.
    public func url(host: String) -> String {
        let scheme = configuration.tls == nil ? "http" : "https"
        return "\(scheme)://\(host.contains(":") ? "[\(host)]" : host):\(port)"
    }

    /// Stops accepting, answers every waiting long-poll with "no message", then closes.
    public func shutdown() async {
        guard !isShutDown.exchange(true, ordering: .acquiringAndReleasing) else { return }
        await Self.close(listener: listener, resources: resources, connections: connections, group: group) {
            expirySweep.cancel()
        }
    }

    /// Closes a front that ``bind(configuration:store:logger:)`` made: stops accepting, answers
    /// every waiting long-poll with "no message", then closes the connections and the loops,
    /// running `beforeLoopsClose` last while the loops still run.
    static func close(
        listener: any Channel, resources: ConnectionResources, connections: ConnectionCount,
        group: MultiThreadedEventLoopGroup, beforeLoopsClose: () -> Void = {}
    ) async {
        try? await listener.close()
        await resources.store.endAllWaits()
        // A request already on its way (in a socket, not yet read) is answered too, at once,
        // rather than cut by the close: the loops get a moment to read it.
        if connections.current > 0 { try? await Task.sleep(for: shutdownGrace) }
        beforeLoopsClose()
        try? await group.shutdownGracefully()
    }

    /// Removes one slice of what expired and, while more is left, the next slice a moment
    /// later: the loop serves its connections between slices, so that a burst of expiries
    /// (a class leaving at once) holds none of them up for long. Measured with a million
    /// inboxes expiring under load (Benchmarks/README.md).
    private static func sweepExpired(from store: InMemoryStore, on eventLoop: any EventLoop) {
        guard !store.removeExpired(atMost: InMemoryStore.expirySlice) else { return }
        eventLoop.scheduleTask(in: .microseconds(100)) { sweepExpired(from: store, on: eventLoop) }
    }

    private static func makeSSLContext(_ identity: TLSIdentity) throws -> NIOSSLContext {
        switch identity {
        case .files(let files):
            do {
                let chain = try NIOSSLCertificate.fromPEMFile(files.certificateChainPath)
                guard !chain.isEmpty else { throw ServerStartError.tls("no certificate in \(files.certificateChainPath)") }
                let key = try NIOSSLPrivateKey(file: files.privateKeyPath, format: .pem)
                return try makeSSLContext(chain: chain, key: key)
            } catch let error as ServerStartError {
                throw error
            } catch {
                throw ServerStartError.tls("\(error) (certificate \(files.certificateChainPath), key \(files.privateKeyPath))")
            }
        case .selfSigned(let made):
            do {
                let certificate = try NIOSSLCertificate(bytes: Array(made.certificatePEM.utf8), format: .pem)
                let key = try NIOSSLPrivateKey(bytes: Array(made.privateKeyPEM.utf8), format: .pem)
                return try makeSSLContext(chain: [certificate], key: key)
            } catch {
                throw ServerStartError.tls("the self-signed certificate: \(error)")
            }
        }
    }

    private static func makeSSLContext(chain: [NIOSSLCertificate], key: NIOSSLPrivateKey) throws -> NIOSSLContext {
        let tls = TLSConfiguration.makeServerConfiguration(
            certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
        return try NIOSSLContext(configuration: tls)
    }

    private static func checkedStaticFiles(_ directory: String) async throws -> StaticFiles {
        let info = try? await FileSystem.shared.info(forFileAt: FilePath(directory), infoAboutSymbolicLink: false)
        guard let info, info.type == .directory else {
            throw ServerStartError.publicDirectory("\(directory) is not a directory")
        }
        return StaticFiles(root: directory)
    }

    private static func bindError(_ error: any Error, _ configuration: ServerConfiguration) -> ServerStartError {
        if let ioError = error as? IOError, ioError.errnoCode == EADDRINUSE {
            return .addressInUse(
                host: configuration.host, port: configuration.port,
                suggestion: FreePort.after(configuration.port, on: configuration.host))
        }
        return .cannotBind(host: configuration.host, port: configuration.port, reason: "\(error)")
    }
}

/// How many connections are open, shared by every event loop.
final class ConnectionCount: Sendable {
    private let count = Atomic<Int>(0)

    /// Counts a new connection; returns how many were open before it.
    func open() -> Int {
        count.add(1, ordering: .relaxed).oldValue
    }

    func close() {
        count.subtract(1, ordering: .relaxed)
    }

    var current: Int {
        count.load(ordering: .relaxed)
    }
}
