extension PeerPage {
    /// The page's script: a mailbox client (long-polling GET, POST in order) and a WebRTC peer
    /// that calls, or answers whoever calls, with the reference pages' JSON messages
    /// (`offer`, `answer`, `icecandidate`, and `bye` to hang up).
    static let script = #"""
    'use strict';
    const root = document.documentElement;
    const $ = (id) => document.getElementById(id);
    const params = new URLSearchParams(location.search);

    function randomHex(bytes) {
      const values = crypto.getRandomValues(new Uint8Array(bytes));
      return Array.from(values, (b) => b.toString(16).padStart(2, '0')).join('');
    }
    const delay = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
    const byteLength = (text) => new TextEncoder().encode(text).length;

    // ---- Who this page is, and which mailbox it uses --------------------------------------

    const server = (params.get('server') || location.origin).replace(/\/+$/, '');
    let serverURL = null;
    try { serverURL = new URL(server); } catch { serverURL = null; }
    const sameOrigin = serverURL !== null && serverURL.origin === location.origin;
    // Kept per tab, so that a reload keeps the inbox and another tab gets its own.
    const name = params.get('name') || sessionStorage.getItem('signalbox.name') || 'peer-' + randomHex(3);
    const password = sessionStorage.getItem('signalbox.password') || randomHex(16);
    sessionStorage.setItem('signalbox.name', name);
    sessionStorage.setItem('signalbox.password', password);
    if (params.get('name') !== name) {
      params.set('name', name);
      history.replaceState(null, '', location.pathname + '?' + params);
    }

    // The server's rule for a username (DESIGN.md §1): 1 to 256 bytes, no control characters.
    function nameProblem(text) {
      const bytes = byteLength(text);
      if (bytes < 1 || bytes > 256) return `a name is 1 to 256 bytes of UTF-8, and "${text}" is ${bytes}`;
      if (/[\u0000-\u001f\u007f-\u009f]/.test(text)) return 'a name cannot hold control characters';
      return null;
    }

    // ---- What the page shows ----------------------------------------------------------------

    let problemKey = null;
    function showProblem(text, key, code) {
      problemKey = key;
      $('problem').textContent = text;
      $('problem').hidden = false;
      root.dataset.problem = String(code ?? key);
    }
    function clearProblem(key) {
      if (problemKey !== key) return;
      problemKey = null;
      $('problem').hidden = true;
      delete root.dataset.problem;
    }
    function setInbox(state, text) {
      root.dataset.inbox = state;
      $('inbox-status').textContent = text;
    }
    function setCallStatus(text) {
      $('call-status').textContent = text;
    }
    function clock() {
      const now = new Date();
      return now.toTimeString().slice(0, 8) + '.' + String(now.getMilliseconds()).padStart(3, '0');
    }

    function chatLine(who, text, kind) {
      const line = document.createElement('div');
      line.className = 'line ' + kind;
      const from = document.createElement('span');
      from.className = 'who';
      from.textContent = who;
      const words = document.createElement('span');
      words.className = 'text';
      words.textContent = text;
      line.append(from, words);
      const chat = $('chat');
      chat.append(line);
      chat.scrollTop = chat.scrollHeight;
    }
    function chatNote(text) {
      const line = document.createElement('div');
      line.className = 'line note';
      line.textContent = text;
      $('chat').append(line);
    }

    // A message in the words of the log: its type and what it carries.
    function describe(text) {
      let message = null;
      try { message = JSON.parse(text); } catch { message = null; }
      if (message === null || typeof message !== 'object' || Array.isArray(message)) {
        return { type: 'text', message: null, detail: text.length > 80 ? text.slice(0, 80) + '…' : text };
      }
      const type = typeof message.type === 'string' ? message.type : 'json';
      let detail = '';
      if ((type === 'offer' || type === 'answer') && typeof message.sdp === 'string') {
        const media = Array.from(message.sdp.matchAll(/^m=(\w+)/gm), (m) => m[1]);
        detail = `SDP, ${message.sdp.split(/\r?\n/).filter(Boolean).length} lines: ${media.join(', ')}`;
      } else if (type === 'icecandidate') {
        detail = candidateSummary(message.candidate?.candidate);
      }
      return { type, message, detail };
    }
    // "candidate:FOUNDATION COMPONENT PROTOCOL PRIORITY ADDRESS PORT typ TYPE …"
    function candidateSummary(line) {
      if (typeof line !== 'string' || line === '') return 'end of candidates';
      const field = line.replace(/^a=/, '').split(' ');
      return `${field[7] ?? '?'} ${field[2] ?? '?'} ${field[4] ?? '?'} ${field[5] ?? '?'}`;
    }

    const maxLogRows = 500;
    function logRow(direction, peer, text, info) {
      const row = document.createElement('tr');
      row.className = direction;
      row.dataset.type = info.type;
      const cells = [clock(), direction === 'sent' ? '→ sent' : '← received', peer, info.type,
                     String(byteLength(text)), info.detail, direction === 'sent' ? 'sending…' : ''];
      for (const [index, value] of cells.entries()) {
        const cell = row.insertCell();
        cell.textContent = value;
        cell.className = ['time', 'dir', 'peer', 'type', 'bytes', 'detail', 'outcome'][index];
      }
      const log = $('log');
      log.prepend(row);
      while (log.rows.length > maxLogRows) log.lastElementChild.remove();
      return {
        outcome(text, failed = false) {
          row.lastElementChild.textContent = text;
          row.classList.toggle('failed', failed);
        },
      };
    }

    // ---- The mailbox protocol -----------------------------------------------------------------

    function base64(text) {
      let binary = '';
      for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
      return btoa(binary);
    }

    class Mailbox {
      constructor(server, name, password) {
        this.server = server;
        this.authorization = 'Basic ' + base64(name + ':' + password);
      }

      // One GET /inbox. `cache: 'no-store'`: two tabs polling the same URL must not wait on
      // each other in the HTTP cache. `credentials: 'omit'`: a 401 must not open the browser's
      // own login dialog; the Authorization header is ours.
      async receive({ at_once = false } = {}) {
        const response = await fetch(this.server + '/inbox' + (at_once ? '?wait=0' : ''), {
          headers: { Authorization: this.authorization }, cache: 'no-store', credentials: 'omit',
        });
        return {
          status: response.status,
          from: response.headers.get('X-From') ?? '?',
          text: await response.text(),
          retryAfter: Number(response.headers.get('Retry-After')) || 0,
        };
      }

      async send(to, text, { keepalive = false } = {}) {
        const headers = { Authorization: this.authorization };
        // Across origins the body goes as the browser's default text/plain, the one type a
        // server's CORS need not allow (the reference allows no header but Authorization).
        if (sameOrigin) headers['Content-Type'] = 'application/json';
        const response = await fetch(this.server + '/inbox?to=' + encodeURIComponent(to), {
          method: 'POST', headers, body: text, cache: 'no-store', credentials: 'omit', keepalive,
        });
        return {
          status: response.status,
          reason: (await response.text()).trim(),
          retryAfter: Number(response.headers.get('Retry-After')) || 0,
          maxBodySize: response.headers.get('X-Max-Body-Size'),
        };
      }
    }
    const mailbox = new Mailbox(server, name, password);

    // Polls this page's inbox for as long as the page is open, one GET at a time.
    async function pollInbox() {
      let answered = false;
      let failures = 0;
      for (;;) {
        if (!answered) setInbox('polling', 'opening the inbox (waiting for the mailbox to answer)');
        const started = performance.now();
        let answer;
        try {
          // The first GET asks for an answer at once, so the page knows its inbox exists;
          // a server that holds every GET (the reference) answers when a message comes.
          answer = await mailbox.receive({ at_once: !answered });
        } catch (error) {
          failures += 1;
          const wait = Math.min(2 ** failures, 10);
          setInbox('unreachable', 'mailbox unreachable');
          showProblem(`Cannot reach the mailbox at ${server} (${error.message}). Trying again in ${wait} s.`,
                      'inbox', 'unreachable');
          await delay(wait * 1000);
          continue;
        }
        failures = 0;
        switch (answer.status) {
          case 200:
          case 204: {
            const first = !answered;
            answered = true;
            setInbox('open', `inbox open on ${serverURL.host}, waiting for messages`);
            clearProblem('inbox');
            if (answer.status === 200 && answer.text !== '') {
              await received(answer.from, answer.text);
            } else if (!first && performance.now() - started < 500) {
              await delay(1000);  // a server without long polling answers an empty GET at once
            }
            break;
          }
          case 401:
            setInbox('refused', 'inbox refused (401)');
            showProblem(`The mailbox answered 401 (wrong password): the name "${name}" is already taken on ` +
                        'this server by someone with another password, perhaps this page in another tab ' +
                        'or browser. Open the page with another ?name=, or wait a minute for that inbox to expire.',
                        'inbox', 401);
            return;
          case 503: {
            const wait = Math.min(Math.max(answer.retryAfter, 1), 30);
            setInbox('busy', 'mailbox full (503)');
            showProblem(`The mailbox answered 503 (server full): ${answer.text.trim() || 'it holds all it may'}. ` +
                        `Trying again in ${wait} s.`, 'inbox', 503);
            await delay(wait * 1000);
            break;
          }
          default:
            setInbox('error', `mailbox answered ${answer.status}`);
            showProblem(`The mailbox answered ${answer.status} to GET /inbox: ${answer.text.trim()}. Trying again in 5 s.`,
                        'inbox', answer.status);
            await delay(5000);
        }
      }
    }

    // Messages go out one at a time, in order: an offer before its candidates.
    const outbox = [];
    let pumping = false;
    const noInboxTries = 240;  // two minutes of waiting for the peer's page to open

    // `callId`: the message belongs to that call and is dropped if the call ends first.
    function send(to, message, callId) {
      const text = JSON.stringify(message);
      const info = describe(text);
      outbox.push({ to, text, info, callId, row: logRow('sent', to, text, info), attempts: 0 });
      if (!pumping) pump();
    }

    async function pump() {
      pumping = true;
      while (outbox.length > 0) {
        const item = outbox[0];
        if (item.callId !== undefined && (call === null || call.id !== item.callId || call.ended)) {
          item.row.outcome('not sent: the call ended');
          outbox.shift();
          continue;
        }
        item.attempts += 1;
        let answer;
        try {
          answer = await mailbox.send(item.to, item.text);
        } catch (error) {
          item.row.outcome(`cannot reach the mailbox (${error.message}); trying again`, true);
          showProblem(`Cannot reach the mailbox at ${server} (${error.message}). Trying again.`, 'send', 'unreachable');
          await delay(2000);
          continue;
        }
        if (answer.status === 200) {
          item.row.outcome(item.attempts > 1 ? `queued (after ${item.attempts} tries)` : 'queued');
          clearProblem('send');
          outbox.shift();
          continue;
        }
        if (answer.status === 404 && item.callId !== undefined && item.attempts < noInboxTries) {
          // Their page is not open yet: the call goes through once it is.
          item.row.outcome(`404: ${item.to} has no inbox yet; trying again (${item.attempts})`, true);
          showProblem(`The mailbox answered 404: ${item.to} has no inbox on this server. Their page is not open, ` +
                      'or was closed a while ago; the call goes through as soon as it opens.', 'send', 404);
          setCallStatus(`Waiting for ${item.to} to open their page…`);
          await delay(500);
          continue;
        }
        if (answer.status === 503) {
          const wait = Math.min(Math.max(answer.retryAfter, 1), 10);
          item.row.outcome(`503: ${answer.reason}; trying again in ${wait} s`, true);
          showProblem(`The mailbox answered 503: ${answer.reason || 'the server is full'}. Trying again in ${wait} s.`,
                      'send', 503);
          await delay(wait * 1000);
          continue;
        }
        outbox.shift();
        item.row.outcome(`${answer.status}: ${answer.reason}`, true);
        if (item.callId === undefined && answer.status === 404) continue;  // a bye to a page already gone
        showProblem(refusal(answer, item), 'send', answer.status);
        if (call !== null && call.id === item.callId && !call.ended) {
          endCall(false);
          setCallStatus(`The call failed: the ${item.info.type} could not be sent (${answer.status}).`);
        }
      }
      pumping = false;
    }

    function refusal(answer, item) {
      switch (answer.status) {
        case 401:
          return `The mailbox answered 401 (wrong password) to a message from "${name}": the name is taken ` +
                 'on this server by someone with another password. Open the page with another ?name=.';
        case 413:
          return `The mailbox answered 413 (too large): this ${item.info.type} is ${byteLength(item.text)} bytes, ` +
                 'more than the server takes' + (answer.maxBodySize ? ` (${answer.maxBodySize} bytes)` : '') +
                 '. Start the server with a larger --max-body-size.';
        case 404:
          return `The mailbox answered 404: ${item.to} has no inbox on this server, and none opened in two minutes.`;
        default:
          return `The mailbox answered ${answer.status} to a message for ${item.to}: ${answer.reason}`;
      }
    }

    // ---- The call ------------------------------------------------------------------------------

    let call = null;  // the current or last call: { id, peer, role, pc, channel, ... }
    let calls = 0;
    let localStream = null;

    // `?stun=stun:HOST:PORT` and `?turn=USER:PASSWORD@HOST:PORT`, each as often as wanted.
    function iceServers() {
      const turn = params.getAll('turn').map((value) => {
        const at = value.lastIndexOf('@');
        const colon = value.indexOf(':');
        if (at < 0 || colon < 0 || colon > at) return { urls: 'turn:' + value };
        return { urls: 'turn:' + value.slice(at + 1), username: value.slice(0, colon), credential: value.slice(colon + 1, at) };
      });
      return [...params.getAll('stun').map((urls) => ({ urls })), ...turn];
    }

    function newCall(peer, role) {
      // max-bundle: one transport for audio, video and chat, so candidates are gathered once.
      const pc = new RTCPeerConnection({
        bundlePolicy: 'max-bundle', iceServers: iceServers(),
      });
      // `early`: our candidates found before our offer or answer went out, which must go first.
      const c = { id: ++calls, peer, role, pc, channel: null, pending: [], early: [], described: false,
                  remote: new MediaStream(), startedAt: performance.now(), connectedIn: null, ended: false,
                  statsTimer: 0 };
      call = c;
      pc.addEventListener('icecandidate', (event) => {
        if (event.candidate === null || call !== c) return;
        // Spelled out rather than toJSON(), so every field the reference pages read is there.
        const { candidate, sdpMid, sdpMLineIndex, usernameFragment } = event.candidate;
        const message = { type: 'icecandidate', candidate: { candidate, sdpMid, sdpMLineIndex, usernameFragment } };
        if (c.described) send(peer, message, c.id);
        else c.early.push(message);
      });
      for (const event of ['signalingstatechange', 'icegatheringstatechange', 'iceconnectionstatechange']) {
        pc.addEventListener(event, render);
      }
      pc.addEventListener('connectionstatechange', () => connectionChanged(c));
      pc.addEventListener('datachannel', (event) => attachChannel(c, event.channel));
      pc.addEventListener('track', (event) => {
        c.remote.addTrack(event.track);
        if (call === c) $('remote').srcObject = c.remote;
        event.track.addEventListener('unmute', playRemote);
      });
      $('peer').value = peer;
      render();
      return c;
    }

    async function startCall(peer) {
      const problem = peer === name ? 'that is this page\'s own name' : nameProblem(peer);
      if (problem !== null) {
        showProblem(`Cannot call "${peer}": ${problem}.`, 'call', 'name');
        return;
      }
      clearProblem('call');
      clearProblem('send');
      endCall(true);
      const c = newCall(peer, 'caller');
      setCallStatus(`Calling ${peer}…`);
      attachChannel(c, c.pc.createDataChannel('chat'));
      // Audio and video are negotiated from the start, so that the camera can be switched on
      // and off later with replaceTrack, without another offer.
      for (const kind of ['audio', 'video']) c.pc.addTransceiver(kind, { direction: 'sendrecv' });
      attachLocalTracks(c);
      await c.pc.setLocalDescription(await c.pc.createOffer());
      if (call !== c || c.ended) return;
      // Not createOffer()'s result with toJSON(): current browsers return a plain object there.
      sendDescription(c, { type: 'offer', sdp: c.pc.localDescription.sdp });
    }

    // Sends our offer or answer, then the candidates found before it.
    function sendDescription(c, description) {
      send(c.peer, description, c.id);
      c.described = true;
      for (const message of c.early.splice(0)) send(c.peer, message, c.id);
    }

    function endCall(sayBye) {
      const c = call;
      if (c === null || c.ended) return;
      c.ended = true;
      if (sayBye) send(c.peer, { type: 'bye' });
      clearInterval(c.statsTimer);
      if (c.channel !== null) c.channel.close();
      c.pc.close();
      $('remote').srcObject = null;
      $('play').hidden = true;
      $('pair').textContent = '–';
      render();
    }

    function hangUp() {
      if (call === null || call.ended) return;
      const peer = call.peer;
      endCall(true);
      clearProblem('send');
      setCallStatus(`You hung up on ${peer}. Call again, or wait: this page answers whoever calls it.`);
      chatNote(`you hung up on ${peer}`);
    }

    async function received(from, text) {
      const info = describe(text);
      const row = logRow('received', from, text, info);
      try {
        row.outcome(await handle(from, text, info));
      } catch (error) {
        row.outcome(`failed: ${error.message}`, true);
        console.error(error);
      }
    }

    async function handle(from, text, info) {
      switch (info.type) {
        case 'offer': return onOffer(from, info.message);
        case 'answer': return onAnswer(from, info.message);
        case 'icecandidate': return onCandidate(from, info.message);
        case 'bye': return onBye(from);
        default:
          chatLine(`${from} (mailbox)`, text, 'theirs mailbox');
          return 'shown in the chat';
      }
    }

    const inCallWith = (peer) => call !== null && !call.ended && call.peer === peer;

    async function onOffer(from, message) {
      if (typeof message.sdp !== 'string') return 'ignored: an offer without SDP';
      if (inCallWith(from) && call.pc.signalingState === 'have-local-offer' && name < from) {
        return 'ignored: we called each other at once, and the name that sorts first keeps its offer';
      }
      // Anyone may call: a call in progress gives way, and its peer is told unless it is the caller.
      if (call !== null && !call.ended) endCall(call.peer !== from);
      const c = newCall(from, 'answerer');
      setCallStatus(`${from} is calling: answering…`);
      await c.pc.setRemoteDescription({ type: 'offer', sdp: message.sdp });
      for (const transceiver of c.pc.getTransceivers()) {
        const kind = transceiver.receiver.track?.kind;
        if (kind === 'audio' || kind === 'video') transceiver.direction = 'sendrecv';
      }
      attachLocalTracks(c);
      await c.pc.setLocalDescription(await c.pc.createAnswer());
      if (call !== c || c.ended) return 'not answered: the call ended meanwhile';
      sendDescription(c, { type: 'answer', sdp: c.pc.localDescription.sdp });
      return 'answered';
    }

    async function onAnswer(from, message) {
      if (!inCallWith(from)) return `ignored: not calling ${from}`;
      const c = call;
      if (c.pc.signalingState !== 'have-local-offer') return `ignored: no offer waits for an answer (${c.pc.signalingState})`;
      await c.pc.setRemoteDescription({ type: 'answer', sdp: message.sdp });
      for (const candidate of c.pending.splice(0)) await addCandidate(c, candidate);
      setCallStatus(`${from} answered: connecting…`);
      return 'applied';
    }

    async function onCandidate(from, message) {
      const candidate = message.candidate;
      if (candidate === null || typeof candidate !== 'object' || !candidate.candidate) return 'end of candidates';
      if (!inCallWith(from)) return `ignored: not in a call with ${from}`;
      if (call.pc.remoteDescription === null) {
        call.pending.push(candidate);
        return 'kept until the answer comes';
      }
      await addCandidate(call, candidate);
      return 'added';
    }

    async function addCandidate(c, candidate) {
      try {
        await c.pc.addIceCandidate(candidate);
      } catch (error) {
        console.warn('candidate refused', candidate, error);
      }
    }

    function onBye(from) {
      if (!inCallWith(from)) return `ignored: not in a call with ${from}`;
      endCall(false);
      setCallStatus(`${from} hung up. Call again, or wait: this page answers whoever calls it.`);
      chatNote(`${from} hung up`);
      return 'hung up';
    }

    function attachChannel(c, channel) {
      c.channel = channel;
      for (const event of ['open', 'close', 'error']) channel.addEventListener(event, render);
      channel.addEventListener('message', (event) => {
        if (typeof event.data === 'string') chatLine(c.peer, event.data, 'theirs');
      });
      render();
    }

    function connectionChanged(c) {
      if (call !== c) return;
      const state = c.pc.connectionState;
      if (state === 'connected') {
        if (c.connectedIn === null) {
          c.connectedIn = Math.round(performance.now() - c.startedAt);
          root.dataset.connectedIn = String(c.connectedIn);
        }
        const since = c.role === 'caller' ? 'the call' : 'their offer';
        setCallStatus(`Connected to ${c.peer}, ${c.connectedIn} ms after ${since}.`);
        showPair(c);
        if (c.statsTimer === 0) c.statsTimer = setInterval(() => showPair(c), 2000);
      } else if (state === 'failed') {
        setCallStatus(`The connection to ${c.peer} failed: no pair of candidates reached the other side. ` +
                      'Across networks a STUN server may help (add &stun=stun:HOST:PORT to the address).');
      } else if (state === 'disconnected') {
        setCallStatus(`Lost touch with ${c.peer}; waiting to see whether the connection comes back.`);
      }
      render();
    }

    // The candidate pair the connection uses, from getStats().
    async function showPair(c) {
      if (call !== c || c.ended) return;
      const stats = await c.pc.getStats();
      let pair = null;
      stats.forEach((report) => {
        if (report.type === 'transport' && report.selectedCandidatePairId) pair = stats.get(report.selectedCandidatePairId);
      });
      if (pair === null) {
        stats.forEach((report) => {
          if (report.type === 'candidate-pair' && report.nominated && report.state === 'succeeded') pair = report;
        });
      }
      if (pair === null || pair === undefined || call !== c || c.ended) return;
      const side = (id) => {
        const candidate = stats.get(id);
        if (!candidate) return '?';
        const address = candidate.address || candidate.ip || '(address not shown)';
        return `${candidate.candidateType} ${candidate.protocol} ${address}:${candidate.port}`;
      };
      const rtt = typeof pair.currentRoundTripTime === 'number' ? `, round trip ${Math.round(pair.currentRoundTripTime * 1000)} ms` : '';
      $('pair').textContent = `${side(pair.localCandidateId)} ⇄ ${side(pair.remoteCandidateId)}${rtt}`;
    }

    // ---- Camera and microphone --------------------------------------------------------------

    async function toggleMedia() {
      if (localStream !== null) {
        for (const track of localStream.getTracks()) track.stop();
        localStream = null;
        $('local').srcObject = null;
        delete $('local').dataset.live;
      } else {
        if (!navigator.mediaDevices?.getUserMedia) {
          showProblem('This browser offers no camera here: browsers allow the camera and microphone only on ' +
                      `https:// pages or on localhost, and this page is ${location.origin}.`, 'media', 'media');
          return;
        }
        try {
          localStream = await navigator.mediaDevices.getUserMedia({ audio: true, video: true });
        } catch (error) {
          showProblem(`No camera and microphone: ${error.name}: ${error.message}`, 'media', 'media');
          return;
        }
        clearProblem('media');
        $('local').srcObject = localStream;
        $('local').dataset.live = '';
      }
      $('media').setAttribute('aria-pressed', String(localStream !== null));
      $('media').textContent = localStream !== null ? 'Stop camera & microphone' : 'Camera & microphone';
      if (call !== null && !call.ended) attachLocalTracks(call);
    }

    function attachLocalTracks(c) {
      for (const transceiver of c.pc.getTransceivers()) {
        const kind = transceiver.receiver.track?.kind;
        if (transceiver.currentDirection === 'stopped' || (kind !== 'audio' && kind !== 'video')) continue;
        const track = localStream?.getTracks().find((t) => t.kind === kind) ?? null;
        transceiver.sender.replaceTrack(track).catch((error) => console.warn('replaceTrack', error));
      }
    }

    function playRemote() {
      const video = $('remote');
      if (video.srcObject === null) return;
      // Without a click on this page a browser may refuse to play sound: then a button asks.
      video.play().then(() => { $('play').hidden = true; }, () => { $('play').hidden = false; });
    }

    // ---- The contract for tests: data-connection, data-channel, #say, #chat ---------------------

    function render() {
      const pc = call?.pc ?? null;
      const channel = call?.channel ?? null;
      const states = {
        'signaling-state': pc?.signalingState,
        'ice-gathering-state': pc?.iceGatheringState,
        'ice-connection-state': pc?.iceConnectionState,
        'connection-state': pc?.connectionState,
        'channel-state': channel?.readyState,
      };
      for (const [id, value] of Object.entries(states)) {
        $(id).textContent = value ?? '–';
        $(id).className = value ? 'state-' + value : '';
      }
      root.dataset.connection = pc?.connectionState ?? 'none';
      root.dataset.channel = channel?.readyState ?? 'none';
      const open = channel?.readyState === 'open' && !call.ended;
      $('say').disabled = !open;
      $('say').placeholder = open ? `say something to ${call.peer} (Enter sends)` : 'not connected';
      $('hangup').disabled = call === null || call.ended;
    }

    // ---- Start ------------------------------------------------------------------------------------

    document.title = `${name} · Signalbox`;
    $('me').textContent = name;
    $('server').textContent = server;
    const invite = new URL(location.pathname, location.href);
    invite.searchParams.set('call', name);
    if (params.has('server')) invite.searchParams.set('server', server);
    $('invite').href = invite.href;
    $('invite').textContent = invite.href;
    if (navigator.clipboard) {
      $('copy').addEventListener('click', () => {
        navigator.clipboard.writeText(invite.href).then(() => { $('copy').textContent = 'Copied'; });
      });
    } else {
      $('copy').hidden = true;  // no clipboard outside https:// and localhost
    }

    window.addEventListener('error', (event) => {
      showProblem(`The page failed: ${event.message}`, 'page', 'page');
    });
    window.addEventListener('unhandledrejection', (event) => {
      showProblem(`The page failed: ${event.reason?.message ?? event.reason}`, 'page', 'page');
    });

    $('call-form').addEventListener('submit', (event) => {
      event.preventDefault();
      startCall($('peer').value.trim());
    });
    $('hangup').addEventListener('click', hangUp);
    $('media').addEventListener('click', toggleMedia);
    $('play').addEventListener('click', playRemote);
    $('say').addEventListener('keydown', (event) => {
      if (event.key !== 'Enter' || event.isComposing) return;
      const text = $('say').value;
      if (text === '' || call === null || call.ended || call.channel?.readyState !== 'open') return;
      call.channel.send(text);
      chatLine(name, text, 'mine');
      $('say').value = '';
    });
    // Closing the tab hangs up, so the other side knows at once rather than when ICE gives up.
    window.addEventListener('pagehide', () => {
      if (call !== null && !call.ended) mailbox.send(call.peer, JSON.stringify({ type: 'bye' }), { keepalive: true });
    });

    render();
    const badName = nameProblem(name);
    if (serverURL === null) {
      showProblem(`?server= must be a URL such as http://192.168.1.20:3000, not "${server}".`, 'start', 'server');
      setInbox('refused', 'no mailbox');
    } else if (badName !== null) {
      showProblem(`This page cannot use the name "${name}": ${badName}.`, 'start', 'name');
      setInbox('refused', 'no inbox');
    } else {
      pollInbox();
      const callee = params.get('call');
      if (callee) startCall(callee);
    }
    """#
}
