extension PeerPage {
    /// The page's style: light or dark after the system, narrow enough for a phone.
    static let style = #"""
    :root { color-scheme: light dark; --fg: #1d2430; --muted: #667085; --bg: #f7f7f4; --panel: #fff;
            --line: #d9dce1; --accent: #2f6fdf; --good: #1f8a4c; --warn: #b7791f; --bad: #c53030; }
    @media (prefers-color-scheme: dark) {
      :root { --fg: #e6e8eb; --muted: #98a2b3; --bg: #14171c; --panel: #1c2027; --line: #323844;
              --accent: #6ea0ff; --good: #4cc784; --warn: #e5b454; --bad: #ff6b6b; }
    }
    * { box-sizing: border-box; }
    body { margin: 0; font: 15px/1.4 system-ui, sans-serif; color: var(--fg); background: var(--bg); }
    header { padding: 12px 16px 4px; }
    h1 { margin: 0; font-size: 22px; }
    h1 .brand { color: var(--muted); font-weight: 500; }
    h2 { margin: 0 0 8px; font-size: 13px; text-transform: uppercase; letter-spacing: .06em; color: var(--muted); }
    header p { margin: 4px 0 0; color: var(--muted); }
    code { font: 13px ui-monospace, monospace; }
    .dot { display: inline-block; width: 9px; height: 9px; border-radius: 50%; background: var(--muted); }
    [data-inbox="open"] .dot { background: var(--good); }
    [data-inbox="polling"] .dot { background: var(--warn); }
    [data-inbox="refused"] .dot, [data-inbox="unreachable"] .dot, [data-inbox="busy"] .dot { background: var(--bad); }
    #problem { margin: 8px 16px 0; padding: 8px 12px; border-left: 4px solid var(--bad); background: var(--panel); }
    main { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(340px, 100%), 1fr)); gap: 12px; padding: 12px 16px; }
    section { background: var(--panel); border: 1px solid var(--line); border-radius: 8px; padding: 12px; min-width: 0; }
    #log-panel { grid-column: 1 / -1; }
    form { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; }
    input { font: inherit; padding: 5px 8px; border: 1px solid var(--line); border-radius: 5px;
            background: var(--bg); color: var(--fg); min-width: 0; }
    #peer { flex: 1 1 120px; }
    button { font: inherit; padding: 5px 10px; border: 1px solid var(--line); border-radius: 5px;
             background: var(--bg); color: var(--fg); cursor: pointer; }
    button:disabled { opacity: .45; cursor: default; }
    #call { background: var(--accent); border-color: var(--accent); color: #fff; }
    #media[aria-pressed="true"] { border-color: var(--good); color: var(--good); }
    .invite { color: var(--muted); word-break: break-all; }
    a { color: var(--accent); }
    #states { border-collapse: collapse; width: 100%; }
    #states th { text-align: left; font-weight: 500; color: var(--muted); padding: 2px 12px 2px 0; white-space: nowrap; width: 1%; }
    #states td { font: 13px ui-monospace, monospace; padding: 2px 0; word-break: break-all; }
    .state-connected, .state-complete, .state-stable, .state-open { color: var(--good); }
    .state-failed, .state-closed, .state-disconnected { color: var(--bad); }
    #chat { height: 180px; overflow-y: auto; border: 1px solid var(--line); border-radius: 5px; padding: 6px 8px; margin-bottom: 6px; }
    #chat .line { margin: 2px 0; overflow-wrap: anywhere; }
    #chat .who { font-weight: 600; margin-right: 6px; }
    #chat .mine .who { color: var(--accent); }
    #chat .theirs .who { color: var(--good); }
    #chat .note { color: var(--muted); font-style: italic; }
    #say { width: 100%; }
    .videos { position: relative; background: #000; border-radius: 5px; aspect-ratio: 4 / 3; overflow: hidden; }
    #remote { width: 100%; height: 100%; object-fit: contain; }
    #local { position: absolute; right: 6px; bottom: 6px; width: 28%; border: 1px solid #fff4; border-radius: 4px; }
    #local:not([data-live]) { display: none; }
    .log { max-height: 320px; overflow: auto; }
    .log table { border-collapse: collapse; width: 100%; font: 13px ui-monospace, monospace; }
    .log th { position: sticky; top: 0; background: var(--panel); text-align: left; color: var(--muted); font-weight: 500; }
    .log th, .log td { padding: 2px 10px 2px 0; white-space: nowrap; }
    .log td.detail { white-space: normal; overflow-wrap: anywhere; }
    .log .sent .dir { color: var(--accent); }
    .log .received .dir { color: var(--good); }
    .log .failed td { color: var(--bad); }
    """#
}
