import NIOCore

/// The browser peer page served at `/`: a WebRTC peer that signals through the mailbox.
///
/// It is one self-contained document (markup here, style in `PeerPage+Style.swift`, script in
/// `PeerPage+Script.swift`) compiled into the binary, so a copied binary still serves it and the
/// page loads nothing from anywhere else. It speaks only the mailbox protocol, so the same page
/// works against any compatible server named by `?server=`.
enum PeerPage {
    static let document = #"""
    <!doctype html>
    <html lang="en" data-connection="none" data-channel="none" data-inbox="starting">
    <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>Signalbox peer</title>
    <link rel="icon" href="data:,">
    <style>
    \#(style)
    </style>
    </head>
    <body>
    <header>
      <h1><span class="brand">Signalbox</span> <span id="me">…</span></h1>
      <p><span id="inbox-dot" class="dot"></span> <span id="inbox-status">starting</span>
         · mailbox <code id="server"></code></p>
    </header>
    <p id="problem" role="alert" hidden></p>
    <main>
    <section id="call-panel">
      <h2>Call</h2>
      <form id="call-form">
        <label for="peer">peer</label>
        <input id="peer" autocomplete="off" spellcheck="false" placeholder="their name">
        <button id="call">Call</button>
        <button type="button" id="hangup" disabled>Hang up</button>
        <button type="button" id="media">Camera &amp; microphone</button>
      </form>
      <p id="call-status">Waiting for a call: this page answers whoever calls it.</p>
      <p class="invite">The other side opens <a id="invite" href="#"></a>
         <button type="button" id="copy">Copy link</button></p>
      <table id="states">
        <tr><th>signaling</th><td id="signaling-state">–</td></tr>
        <tr><th>ICE gathering</th><td id="ice-gathering-state">–</td></tr>
        <tr><th>ICE connection</th><td id="ice-connection-state">–</td></tr>
        <tr><th>connection</th><td id="connection-state">–</td></tr>
        <tr><th>data channel</th><td id="channel-state">–</td></tr>
        <tr><th>candidate pair</th><td id="pair">–</td></tr>
      </table>
    </section>
    <section id="chat-panel">
      <h2>Chat</h2>
      <div id="chat" aria-live="polite"></div>
      <input id="say" autocomplete="off" placeholder="not connected" disabled>
    </section>
    <section id="video-panel">
      <h2>Video</h2>
      <div class="videos">
        <video id="remote" autoplay playsinline></video>
        <video id="local" autoplay playsinline muted></video>
      </div>
      <button type="button" id="play" hidden>Play the other side's video</button>
    </section>
    <section id="log-panel">
      <h2>Signaling messages</h2>
      <div class="log">
        <table>
          <thead><tr><th>time</th><th></th><th>peer</th><th>type</th><th>bytes</th><th>detail</th><th>outcome</th></tr></thead>
          <tbody id="log"></tbody>
        </table>
      </div>
    </section>
    </main>
    <script type="module">
    \#(script)
    </script>
    </body>
    </html>

    """#

    /// The page as it goes out, built once: it never changes while the server runs.
    static let answer: HTTPAnswer = {
        var answer = HTTPAnswer(status: .ok, body: ByteBuffer(string: document))
        answer.headers.add(name: "Content-Type", value: "text/html; charset=utf-8")
        // A new binary's page must replace an old one at once; the page is small.
        answer.headers.add(name: "Cache-Control", value: "no-cache")
        answer.headers.add(name: "X-Content-Type-Options", value: "nosniff")
        // Names are in the page's address: they stay out of other sites' logs.
        answer.headers.add(name: "Referrer-Policy", value: "no-referrer")
        // The page loads nothing from anywhere; it may only talk to a mailbox (any, for ?server=).
        answer.headers.add(
            name: "Content-Security-Policy",
            value: "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
                + "connect-src *; img-src data:; media-src blob: mediastream:; base-uri 'none'; form-action 'none'")
        return answer
    }()
}
