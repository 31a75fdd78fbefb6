import Foundation
import MailboxClient
import MailboxCore
import SignalboxUI
import Terminal

/// The terminal UI as a peer of a mailbox server, and as its host when it runs the server: it
/// feeds keys, poll results, send results, store events and clock ticks to `update` as one
/// stream of events, performs the effects that come back, and draws only when the rendered
/// screen changed.
struct PeerSession {
    let client: MailboxClient
    var host: HostedMailbox?
    /// Draw in ASCII even where the locale is UTF-8 (`--ascii`).
    var ascii = false
    /// Whether clicks and the wheel are reported (`--no-mouse` leaves them to the terminal).
    var mouse = true
    /// What `signalbox demo` plays, shown in the host view's header with the diagram open.
    var demo: String?
    /// Pauses and retries the poller on the person's keys.
    private let pollerControl = PollerControl()

    init(client: MailboxClient, host: HostedMailbox? = nil, ascii: Bool = false, mouse: Bool = true, demo: String? = nil) {
        self.client = client
        self.host = host
        self.ascii = ascii
        self.mouse = mouse
        self.demo = demo
    }

    /// Runs until the person quits, or a signal or the terminal's end asks to (then at once,
    /// whatever is waiting to be handled); the terminal is restored on return.
    func run() async throws {
        let (events, sink) = AsyncStream.makeStream(of: Event.self)
        let termination = TerminationRequest(wake: { sink.yield(.tick(Date())) })
        let screen = try TerminalScreen.open(
            useColors: ProcessInfo.processInfo.environment["NO_COLOR"] == nil, mouse: mouse,
            onTermination: { termination.request($0) })
        defer { screen.close() }

        let size = screen.size
        var state = AppState(
            identity: client.username, server: client.server, now: Date(), width: size.width, height: size.height)
        state.glyphs = ascii || !screen.localeIsUTF8 ? .ascii : .unicode
        let inputs = screen.inputs()
        var workers = [
            Task { for await input in inputs { sink.yield(.input(input)) } },
            Task { await forwardPolls(to: sink) },
        ]
        if let host {
            state.host = HostState(join: JoinInstructions.make(for: host.server))
            state.host?.faults = TestFaults.describe(host.server.configuration.mailbox)
            state.host?.demo = demo
            state.host?.showsDiagram = demo != nil
            state.view = .host
            workers.append(Task { await host.feed(sink) })
        }
        var ticker: Task<Void, Never>?
        defer {
            ticker?.cancel()
            workers.forEach { $0.cancel() }
        }

        var shown = render(state)
        var pageOwners: [String]?
        if let host {
            // The first page: the inboxes the first frame has room for.
            let owners = hostPageOwners(state, shown: shown)
            _ = update(&state, host.page(of: owners))
            pageOwners = owners
            shown = render(state)
        }
        screen.draw(shown)
        eventLoop: for await event in events {
            if termination.isRequested { break }
            // Every event happens at its own moment, not at the last tick's (ticks come on whole
            // seconds, and only while something counts down): a send a key starts is stamped
            // now, and a countdown that an event starts starts from now.
            if case .tick = event {} else { _ = update(&state, .tick(Date())) }
            for effect in update(&state, event) {
                if case .quit = effect { break eventLoop }
                perform(effect, on: screen, sink: sink)
            }
            if case .editorFinished = event { shown = Grid(width: 0, height: 0) }  // the editor drew over us
            var grid = render(state)
            if let host {
                // A fresh page of the store after each batch, and whenever other inboxes come
                // on screen: the rows shown, not the whole store.
                let owners = hostPageOwners(state, shown: grid)
                if case .hostBatch = event { pageOwners = nil }
                if owners != pageOwners {
                    _ = update(&state, host.page(of: owners))
                    pageOwners = owners
                    grid = render(state)
                }
            }
            if grid != shown {
                screen.draw(grid)
                shown = grid
            }
            // Tick once a second only while something on screen counts down.
            if state.needsTick, ticker == nil {
                ticker = Task { await tickEverySecond(into: sink) }
            } else if !state.needsTick, let running = ticker {
                running.cancel()
                ticker = nil
            }
        }
    }

    private func perform(_ effect: Effect, on screen: TerminalScreen, sink: AsyncStream<Event>.Continuation) {
        switch effect {
        case .send(let id, let peer, let body, let contentType):
            Task {
                do {
                    try await client.send(body, to: peer, contentType: contentType)
                    sink.yield(.sendFinished(id: id, at: Date(), error: nil))
                } catch let error as MailboxClientError {
                    sink.yield(.sendFinished(id: id, at: Date(), error: error.description))
                } catch {
                    sink.yield(.sendFinished(id: id, at: Date(), error: "\(error)"))
                }
            }
        case .copy(let text):
            sink.yield(.copyFinished(bytes: text.utf8.count, Clipboard.copy(text, screen: screen)))
        case .save(let path, let body):
            do {
                try Data(body).write(to: URL(fileURLWithPath: path), options: .withoutOverwriting)
                sink.yield(.saveFinished(path: path, error: nil))
            } catch {
                sink.yield(.saveFinished(path: path, error: SaveFailure.reason(error)))
            }
        case .host(let command):
            host?.perform(command)
        case .openEditor(let text):
            screen.suspend()
            let edited = ExternalEditor.edit(text)
            screen.resume()
            sink.yield(.editorFinished(edited))
        case .pausePolling(let paused):
            paused ? pollerControl.pause() : pollerControl.resume()
        case .retryNow:
            pollerControl.retryNow()
        case .quit:
            break
        }
    }

    /// Turns the poller's events into the UI's.
    private func forwardPolls(to sink: AsyncStream<Event>.Continuation) async {
        for await event in InboxPoller(client: client, control: pollerControl) {
            switch event {
            case .message(let reply), .empty(let reply):
                sink.yield(.inboxRefreshed(InboxStatus(
                    refreshedAt: reply.answeredAt, inboxTimeout: reply.timeouts.inbox,
                    messageTimeout: reply.timeouts.message, pending: reply.pending)))
                if let message = reply.message {
                    sink.yield(.received(
                        sender: message.sender, body: message.body, contentType: message.contentType, at: message.receivedAt))
                }
            case .failed(let error, let retryIn?):
                sink.yield(.connectionChanged(.retrying(reason: error.summary, retryAt: Date().addingTimeInterval(retryIn.seconds))))
            case .failed(let error, nil):
                sink.yield(.connectionChanged(.stopped(reason: error.description)))
            case .stateChanged(.connecting):
                sink.yield(.connectionChanged(.connecting))
            case .stateChanged(.longPolling(let until)):
                sink.yield(.connectionChanged(.longPolling(until: until)))
            case .stateChanged(.paused):
                sink.yield(.connectionChanged(.paused))
            case .stateChanged(.polling(let interval)):
                sink.yield(.connectionChanged(.polling(interval: interval)))
            case .stateChanged(.backingOff), .stateChanged(.stopped):
                break  // the failure that caused it says more
            }
        }
    }

    /// Ticks at each whole second, so countdowns change in step with the clock.
    private func tickEverySecond(into sink: AsyncStream<Event>.Continuation) async {
        while !Task.isCancelled {
            let now = Date().timeIntervalSince1970
            let untilNextSecond = (now.rounded(.down) + 1 - now)
            try? await Task.sleep(for: .seconds(untilNextSecond))
            guard !Task.isCancelled else { return }
            sink.yield(.tick(Date()))
        }
    }
}
