import Foundation
import MailboxServer
import Testing

/// The browser peer page at `/`, over real HTTP: served from the binary by default, not at all
/// with `peerPages` off, and giving way to a `--public` directory. What the page does in a
/// browser is tested in real Chromium by Tests/Browser/peer_pages.py.
@Suite struct PeerPageTests {
    @Test func everyServerServesThePeerPageAtTheRoot() async throws {
        try await withServer { server in
            let page = try await server.request("GET", "/?name=alice&call=bob")
            #expect(page.status == 200)
            #expect(page.header("Content-Type") == "text/html; charset=utf-8")
            #expect(page.header("Content-Length") == String(page.body.count))
            // The test contract's elements, and the reference pages' message types.
            for part in [#"<input id="say""#, #"<div id="chat""#, "dataset.connection", "dataset.channel",
                         "type: 'offer'", "type: 'answer'", "type: 'icecandidate'", "cache: 'no-store'"] {
                #expect(page.text.contains(part), "the page lacks \(part)")
            }
            // Nothing is loaded from elsewhere, and the browser is told so.
            #expect(!page.text.contains("src=\"http"))
            #expect(!page.text.contains("href=\"http"))
            #expect(page.header("Content-Security-Policy")?.contains("default-src 'none'") == true)

            let head = try await server.request("HEAD", "/")
            #expect(head.status == 200)
            #expect(head.body.isEmpty)
            #expect(head.header("Content-Length") == String(page.body.count))
        }
    }

    @Test func onlyTheRootIsThePage() async throws {
        try await withServer { server in
            #expect(try await server.request("GET", "/index.html").status == 404)
            #expect(try await server.request("GET", "/favicon.ico").status == 404)
            let post = try await server.request("POST", "/", body: [1])
            #expect(post.status == 405)
            #expect(post.header("Allow") == "GET, HEAD")
            #expect(try await server.get("alice").status == 204)  // the mailbox is still at /inbox
        }
    }

    @Test func withoutPagesTheRootIsNotFound() async throws {
        try await withServer(ServerConfiguration(peerPages: false)) { server in
            let root = try await server.request("GET", "/")
            #expect(root.status == 404)
            #expect(!root.text.contains("<html"))
            #expect(try await server.get("alice").status == 204)
        }
    }

    @Test func aPublicDirectoryWinsOverThePage() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("signalbox-public-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data("<h1>our own page</h1>".utf8).write(to: directory.appendingPathComponent("index.html"))

        try await withServer(ServerConfiguration(publicDirectory: directory.path)) { server in
            let root = try await server.request("GET", "/?name=alice")
            #expect(root.status == 200)
            #expect(root.text == "<h1>our own page</h1>")
            #expect(try await server.request("GET", "/missing.html").status == 404)
        }
    }
}
