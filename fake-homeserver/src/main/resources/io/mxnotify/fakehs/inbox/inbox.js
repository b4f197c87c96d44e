/*
 * The web inbox of the mxnotify fake home server: rooms, their messages as a Matrix client shows them,
 * live through Server-Sent Events, and the controls a tester uses by hand (clear, fault rules, copy a
 * send command). Untrusted strings (room names, senders, bodies) only ever reach the page as text nodes
 * or through MatrixHtml.render's allow-list.
 */
'use strict';

(() => {
  const API = '/_fake/v1';
  const INBOX_API = API + '/inbox';
  const ROOM_ROUTE = /^#\/rooms\/(.+)$/;

  const state = {
    rooms: [],
    selectedRoomId: null,
    shownEventIds: new Set(),
    loadGeneration: 0,
    pendingReload: { timer: null, messages: false },
    liveDuringLoad: null,
    faults: [],
  };

  const $ = (id) => document.getElementById(id);

  // ---------------------------------------------------------------- HTTP

  async function request(method, path, body) {
    const init = { method, headers: { Accept: 'application/json' } };
    if (body !== undefined) {
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    const response = await fetch(path, init);
    const text = await response.text();
    let json = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch (e) {
      json = null;
    }
    if (!response.ok) {
      const reason = json && (json.error || json.errcode) ? (json.errcode ? json.errcode + ': ' : '') + (json.error || '') : text;
      throw new Error(method + ' ' + path + ' answered ' + response.status + (reason ? ' (' + reason + ')' : ''));
    }
    return json;
  }

  // One path segment, RFC 3986 style: everything but A-Z a-z 0-9 - . _ ~ percent-encoded ('!' too).
  const roomPath = (roomId) => encodeURIComponent(roomId)
    .replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());

  // ---------------------------------------------------------------- rooms

  async function loadRooms() {
    const answer = await request('GET', API + '/rooms');
    state.rooms = answer.rooms;
    const exists = (roomId) => roomId !== null && state.rooms.some((r) => r.room_id === roomId);
    if (!exists(state.selectedRoomId)) {
      const fromHash = roomIdFromHash();
      state.selectedRoomId = exists(fromHash) ? fromHash : mostRecentlyActiveRoomId();
    }
    renderRooms();
  }

  function mostRecentlyActiveRoomId() {
    let best = null;
    for (const room of state.rooms) {
      if (best === null || room.last_activity_ts > best.last_activity_ts) {
        best = room;
      }
    }
    return best === null ? null : best.room_id;
  }

  function roomIdFromHash() {
    const match = ROOM_ROUTE.exec(location.hash);
    if (!match) {
      return null;
    }
    try {
      return decodeURIComponent(match[1]);
    } catch (e) {
      return null;
    }
  }

  // The canonical alias comes first in a room's aliases.
  function roomLabel(room) {
    return room.name || room.aliases[0] || room.room_id;
  }

  function renderRooms() {
    const list = $('room-list');
    list.replaceChildren();
    for (const room of state.rooms) {
      const item = document.createElement('li');
      const link = document.createElement('a');
      link.className = 'room-link';
      link.href = '#/rooms/' + roomPath(room.room_id);
      link.dataset.roomId = room.room_id;
      if (room.room_id === state.selectedRoomId) {
        link.setAttribute('aria-current', 'page');
      }
      link.append(span('room-name', roomLabel(room)));
      const alias = room.aliases[0];
      if (alias && alias !== roomLabel(room)) {
        link.append(span('room-alias', alias));
      }
      link.append(span('room-stats',
        plural(room.members.length, 'member') + ' · ' + plural(room.message_count, 'message')));
      item.append(link);
      list.append(item);
    }
    $('room-count').textContent = state.rooms.length ? '(' + state.rooms.length + ')' : '';
    $('no-rooms').hidden = state.rooms.length > 0;
    renderRoomHead();
  }

  function selectedRoom() {
    return state.rooms.find((r) => r.room_id === state.selectedRoomId) || null;
  }

  function renderRoomHead() {
    const room = selectedRoom();
    $('room-actions').hidden = room === null;
    if (room === null) {
      $('room-title').textContent = state.rooms.length ? 'Select a room' : 'No room yet';
      $('room-meta').replaceChildren();
      document.title = 'Inbox · mxnotify fake home server';
      return;
    }
    $('room-title').textContent = roomLabel(room);
    document.title = roomLabel(room) + ' · Inbox · mxnotify fake home server';
    const meta = $('room-meta');
    meta.replaceChildren();
    meta.append(code(room.room_id));
    for (const alias of room.aliases.filter((a) => a !== roomLabel(room))) {
      meta.append(' · ', code(alias));
    }
    const members = room.members.length ? room.members.join(', ') : 'nobody';
    meta.append(document.createElement('br'), 'Members: ' + members);
  }

  // ---------------------------------------------------------------- messages

  // Loads the selected room's events. Live events that arrive while the request is under way are kept
  // in a buffer and merged in afterwards, so nothing is lost between the fetch and the stream.
  async function loadMessages() {
    const generation = ++state.loadGeneration;
    const roomId = state.selectedRoomId;
    state.liveDuringLoad = [];
    if (roomId === null) {
      showEvents([]);
      return;
    }
    const answer = await request('GET', API + '/rooms/' + roomPath(roomId) + '/events');
    if (generation !== state.loadGeneration || roomId !== state.selectedRoomId) {
      return; // the user moved on, or a newer load started, while this one was under way
    }
    showEvents(answer.events.concat(state.liveDuringLoad));
    state.liveDuringLoad = null;
    const dropped = answer.dropped_events || 0;
    $('dropped-note').hidden = dropped === 0;
    $('dropped-note').textContent = plural(dropped, 'older event') + ' of this room '
      + (dropped === 1 ? 'was' : 'were') + ' dropped by the retention cap.';
    const list = $('messages');
    if (list.lastElementChild) {
      list.lastElementChild.scrollIntoView({ block: 'end' });
    }
    document.body.dataset.loaded = String(generation);
  }

  function showEvents(events) {
    $('dropped-note').hidden = true;
    state.shownEventIds = new Set();
    $('messages').replaceChildren();
    for (const event of events) {
      appendEvent(event, false);
    }
    updateEmptyRoom();
  }

  function updateEmptyRoom() {
    $('no-messages').hidden = state.selectedRoomId === null || state.shownEventIds.size > 0;
  }

  // Inserts an event in time order (almost always at the end) unless it is already shown.
  function appendEvent(event, live) {
    if (state.shownEventIds.has(event.event_id)) {
      return;
    }
    const list = $('messages');
    const atBottom = window.innerHeight + window.scrollY >= document.body.scrollHeight - 40;
    state.shownEventIds.add(event.event_id);
    const item = event.type === 'm.room.message' ? messageItem(event) : eventItem(event);
    const ts = typeof event.origin_server_ts === 'number' ? event.origin_server_ts : Number.MAX_SAFE_INTEGER;
    item.dataset.ts = String(ts);
    let before = null;
    for (let node = list.lastElementChild; node !== null && Number(node.dataset.ts) > ts; node = node.previousElementSibling) {
      before = node;
    }
    list.insertBefore(item, before);
    updateEmptyRoom();
    if (live && atBottom && before === null) {
      item.scrollIntoView({ block: 'end' });
    }
  }

  function messageItem(event) {
    const content = event.content || {};
    const msgtype = typeof content.msgtype === 'string' ? content.msgtype : '(no msgtype)';
    const item = document.createElement('li');
    item.className = 'message' + (msgtype === 'm.notice' ? ' notice' : '');
    item.dataset.eventId = event.event_id;
    item.append(messageHead(event, msgtype));
    const body = document.createElement('div');
    body.className = 'body';
    const html = content.format === 'org.matrix.custom.html' && typeof content.formatted_body === 'string';
    if (msgtype === 'm.emote') {
      body.append('* ' + event.sender + ' '); // "/me waves": shown after the sender's name
    }
    let rendered = null;
    if (html) {
      try {
        rendered = MatrixHtml.render(content.formatted_body);
      } catch (e) {
        // e.g. a <frameset> that takes the place of the parsed document's body: show the plain body
        item.dataset.renderError = e.message;
      }
    }
    if (rendered !== null) {
      body.classList.add('html');
      body.append(rendered);
    } else {
      body.classList.add('plain');
      body.append(typeof content.body === 'string' ? content.body : '');
      if (item.dataset.renderError) {
        body.append(span('render-note', ' (its formatted_body could not be shown safely; this is its plain body)'));
      }
    }
    item.append(body, rawJson(event));
    return item;
  }

  function eventItem(event) {
    const item = document.createElement('li');
    item.className = 'message event';
    item.dataset.eventId = event.event_id;
    item.append(messageHead(event, event.type));
    const body = document.createElement('div');
    body.className = 'body plain';
    body.textContent = describeEvent(event);
    item.append(body, rawJson(event));
    return item;
  }

  function describeEvent(event) {
    const content = event.content || {};
    switch (event.type) {
      case 'm.room.member': {
        const who = event.state_key || event.sender;
        const verbs = { join: 'joined', invite: 'was invited', leave: 'left', ban: 'was banned', knock: 'knocked' };
        return who + ' ' + (verbs[content.membership] || 'membership: ' + content.membership);
      }
      case 'm.room.create': return event.sender + ' created the room';
      case 'm.room.name': return event.sender + ' named the room "' + (content.name || '') + '"';
      case 'm.room.topic': return event.sender + ' set the topic "' + (content.topic || '') + '"';
      case 'm.room.canonical_alias': return event.sender + ' set the address ' + (content.alias || '(none)');
      case 'm.room.encryption': return event.sender + ' turned on end-to-end encryption (' + (content.algorithm || 'no algorithm') + ')';
      case 'm.room.encrypted': // the fake holds no key: it says what the event is and never guesses its text
        return 'Encrypted message (' + (content.algorithm || 'unknown algorithm') + ') from ' + event.sender
          + (content.device_id ? ' device ' + content.device_id : '')
          + '; sender key ' + (content.sender_key || '(none)') + ', session ' + (content.session_id || '(none)')
          + '. Only the room\'s member devices can read it.';
      default: return event.type + ' from ' + event.sender;
    }
  }

  function messageHead(event, kind) {
    const head = document.createElement('div');
    head.className = 'message-head';
    head.append(span('sender', event.sender));
    const time = document.createElement('time');
    time.className = 'time';
    if (typeof event.origin_server_ts === 'number') {
      const date = new Date(event.origin_server_ts);
      time.dateTime = date.toISOString();
      time.title = date.toISOString();
      time.textContent = formatTime(date);
    }
    head.append(time, span('msgtype', kind));
    return head;
  }

  function rawJson(event) {
    const details = document.createElement('details');
    details.className = 'raw';
    const summary = document.createElement('summary');
    summary.textContent = 'Raw JSON';
    const pre = document.createElement('pre');
    details.append(summary, pre);
    // Written when first opened: a room with thousands of events stays quick to show.
    details.addEventListener('toggle', () => {
      if (details.open && pre.textContent === '') {
        pre.textContent = JSON.stringify(event, null, 2);
      }
    });
    return details;
  }

  function formatTime(date) {
    const now = new Date();
    const sameDay = date.toDateString() === now.toDateString();
    const clock = date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
    return sameDay ? clock : date.toLocaleDateString() + ' ' + clock;
  }

  // ---------------------------------------------------------------- copy a send command

  function shellQuote(text) {
    return "'" + String(text).replace(/'/g, "'\\''") + "'";
  }

  function roomTarget(room) {
    return room.aliases[0] || room.room_id;
  }

  function mxnotifyCommand(room) {
    return 'export MXNOTIFY_HOMESERVER=' + shellQuote(location.origin) + '\n'
      + 'export MXNOTIFY_ACCESS_TOKEN="$TOKEN"\n'
      + './mxnotify send --room ' + shellQuote(roomTarget(room)) + ' ' + shellQuote('Hello from mxnotify');
  }

  function curlCommand(room) {
    const url = location.origin + '/_matrix/client/v3/rooms/' + roomPath(room.room_id)
      + '/send/m.room.message/';
    return 'curl -sS -X PUT \\\n'
      + '  -H "Authorization: Bearer $TOKEN" \\\n'
      + '  -H \'Content-Type: application/json\' \\\n'
      + '  -d \'{"msgtype":"m.text","body":"Hello from curl"}\' \\\n'
      + '  ' + shellQuote(url) + '"txn-$(date +%s%N)"';
  }

  async function copyCommand(kind) {
    const room = selectedRoom();
    if (room === null) {
      return;
    }
    const command = kind === 'curl' ? curlCommand(room) : mxnotifyCommand(room);
    const preview = $('command-preview');
    const note = document.createElement('span');
    note.className = 'muted';
    note.textContent = '# $TOKEN: an access token of a member of the room (mxnotify serve prints one;\n'
      + '# POST /_fake/v1/users creates a user with one)\n';
    const commandText = document.createElement('span');
    commandText.textContent = command;
    preview.replaceChildren(note, commandText);
    preview.hidden = false;
    const copied = await copyToClipboard(command, commandText);
    $('copy-status').textContent = copied
      ? 'Copied to the clipboard.'
      : 'Your browser did not allow copying: the command is selected below, press Ctrl+C.';
  }

  // The Clipboard API needs a secure context (localhost is one; a LAN address over http is not), so
  // fall back to selecting the command and the older copy command, leaving it selected either way.
  async function copyToClipboard(text, element) {
    try {
      if (navigator.clipboard && window.isSecureContext) {
        await navigator.clipboard.writeText(text);
        return true;
      }
    } catch (e) {
      // fall through to selecting it
    }
    const range = document.createRange();
    range.selectNodeContents(element);
    const selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    try {
      return document.execCommand('copy');
    } catch (e) {
      return false;
    }
  }

  // ---------------------------------------------------------------- clearing

  async function clearRoom() {
    const room = selectedRoom();
    if (room === null || !confirm('Delete every message of ' + roomLabel(room) + '?')) {
      return;
    }
    await request('DELETE', API + '/rooms/' + roomPath(room.room_id) + '/events');
    await refreshAll();
  }

  async function clearAll() {
    if (!confirm('Delete the messages of every room? Users, rooms and access tokens stay.')) {
      return;
    }
    for (const room of state.rooms) {
      await request('DELETE', API + '/rooms/' + roomPath(room.room_id) + '/events');
    }
    await refreshAll();
  }

  // ---------------------------------------------------------------- fault rules

  const PRESETS = {
    'send-503': { method: 'PUT', path: '/send/', status: 503, errcode: 'M_UNKNOWN', times: 3 },
    'send-429': { method: 'PUT', path: '/send/', status: 429, errcode: 'M_LIMIT_EXCEEDED', retry_after_ms: 2000, times: 3 },
    'send-forbidden': { method: 'PUT', path: '/send/', status: 403, errcode: 'M_FORBIDDEN', times: 1 },
    'token-401': { method: '', path: '^/_matrix/client/', status: 401, errcode: 'M_UNKNOWN_TOKEN', times: 1 },
    'send-drop-after': { method: 'PUT', path: '/send/', drop_connection: 'after', times: 1 },
    'send-slow': { method: 'PUT', path: '/send/', delay_ms: 3000, times: 1 },
    custom: {},
  };

  function applyPreset(name) {
    const preset = PRESETS[name] || {};
    $('fault-method').value = preset.method || '';
    $('fault-path').value = preset.path || '';
    $('fault-status').value = preset.status === undefined ? '' : preset.status;
    $('fault-errcode').value = preset.errcode || '';
    $('fault-retry').value = preset.retry_after_ms === undefined ? '' : preset.retry_after_ms;
    $('fault-delay').value = preset.delay_ms === undefined ? '' : preset.delay_ms;
    $('fault-drop').value = preset.drop_connection || '';
    $('fault-times').value = preset.times === undefined ? '' : preset.times;
    $('fault-skip').value = '';
    $('fault-probability').value = '';
  }

  function faultFromForm() {
    const rule = {};
    const text = (id) => $(id).value.trim();
    const number = (id, name) => {
      const raw = text(id);
      if (raw === '') {
        return undefined;
      }
      const value = Number(raw);
      if (!Number.isInteger(value) || value < 0) {
        throw new Error(name + ' must be a whole number, got "' + raw + '"');
      }
      return value;
    };
    if (text('fault-method')) { rule.method = text('fault-method'); }
    if (text('fault-path')) {
      try {
        new RegExp(text('fault-path'));
      } catch (e) {
        throw new Error('Path is not a valid regular expression: ' + e.message);
      }
      rule.path = text('fault-path');
    }
    const fields = [
      ['fault-status', 'status', 'Status'], ['fault-retry', 'retry_after_ms', 'retry_after_ms'],
      ['fault-delay', 'delay_ms', 'Delay'], ['fault-times', 'times', 'Times'],
      ['fault-skip', 'skip', 'Let through first'],
    ];
    for (const [id, name, label] of fields) {
      const value = number(id, label);
      if (value !== undefined) { rule[name] = value; }
    }
    if (text('fault-probability')) {
      const probability = Number(text('fault-probability'));
      if (!(probability > 0 && probability <= 1)) {
        throw new Error('Probability must be above 0 and at most 1, got "' + text('fault-probability') + '"');
      }
      rule.probability = probability;
    }
    if (text('fault-errcode')) { rule.errcode = text('fault-errcode'); }
    if (text('fault-drop')) { rule.drop_connection = text('fault-drop'); }
    if (rule.status === undefined && rule.delay_ms === undefined && rule.drop_connection === undefined) {
      throw new Error('Give a status, a delay or a dropped connection: otherwise the rule does nothing.');
    }
    return rule;
  }

  async function addFault(submitEvent) {
    submitEvent.preventDefault();
    $('fault-error').textContent = '';
    try {
      await request('POST', API + '/faults', faultFromForm());
      await loadFaults();
    } catch (e) {
      showFaultError(e);
    }
  }

  async function loadFaults() {
    const answer = await request('GET', API + '/faults');
    state.faults = answer.faults;
    renderFaults();
  }

  function describeFault(rule) {
    const parts = [];
    parts.push(rule.method ? rule.method : 'any method');
    parts.push(rule.path ? 'path ~ ' + rule.path : 'any path');
    const effects = [];
    if (rule.delay_ms) { effects.push('wait ' + rule.delay_ms + ' ms'); }
    const drops = {
      before: 'drop the connection before handling',
      after: 'handle, then drop the connection (answer lost)',
      reset: 'reset the connection',
      truncate: 'cut the answer short',
    };
    if (rule.drop_connection) { effects.push(drops[rule.drop_connection] || 'drop: ' + rule.drop_connection); }
    if (rule.status) {
      effects.push('answer ' + rule.status + (rule.errcode ? ' ' + rule.errcode : '')
        + (rule.retry_after_ms ? ' (retry after ' + rule.retry_after_ms + ' ms)' : ''));
    }
    let when;
    if (typeof rule.remaining === 'number') {
      when = rule.remaining + ' more time' + (rule.remaining === 1 ? '' : 's');
    } else if (typeof rule.times === 'number') {
      when = 'next ' + plural(rule.times, 'request');
    } else {
      when = 'every time';
    }
    if (rule.skip) {
      when = 'after letting ' + plural(rule.skip, 'request') + ' through, ' + when;
    }
    if (typeof rule.probability === 'number' && rule.probability < 1) {
      when += ', probability ' + rule.probability;
    }
    if (rule.fired) {
      when += ' · fired ' + plural(rule.fired, 'time');
    }
    return { match: parts.join(' '), effect: effects.join(', then ') || 'no effect', when };
  }

  function renderFaults() {
    const list = $('fault-list');
    list.replaceChildren();
    for (const rule of state.faults) {
      const item = document.createElement('li');
      item.className = 'fault';
      item.dataset.faultId = rule.id;
      const text = document.createElement('div');
      text.className = 'fault-text';
      const described = describeFault(rule);
      text.append(code(described.match), document.createElement('br'),
        '→ ' + described.effect, document.createElement('br'), span('muted', described.when));
      const remove = document.createElement('button');
      remove.type = 'button';
      remove.className = 'danger';
      remove.textContent = 'Remove';
      remove.setAttribute('aria-label', 'Remove fault rule ' + rule.id + ': ' + described.match);
      remove.addEventListener('click', () => removeFault(rule.id));
      item.append(text, remove);
      list.append(item);
    }
    $('fault-count').textContent = state.faults.length ? '(' + state.faults.length + ')' : '';
    $('no-faults').hidden = state.faults.length > 0;
  }

  async function removeFault(id) {
    try {
      await request('DELETE', API + '/faults/' + encodeURIComponent(id));
      await loadFaults();
    } catch (e) {
      showFaultError(e);
    }
  }

  // ---------------------------------------------------------------- live updates

  // The live stream runs in a worker (inbox-live.js says why); its events arrive here as messages.
  function connectStream() {
    const live = new Worker('/_fake/inbox/inbox-live.js');
    const status = $('live-status');
    const handlers = {
      // 'ready' comes once the server has registered this page for every later change: fetching the
      // current state again then leaves no gap (events seen twice are shown once).
      ready: () => {
        status.dataset.state = 'live';
        status.textContent = 'Live';
        refreshAll().catch(showError);
      },
      'room-event': (data) => {
        const update = JSON.parse(data);
        onRoomEvent(update.room_id, update.event);
      },
      'rooms-changed': () => reloadSoon(false),
      'room-cleared': (data) => reloadSoon(JSON.parse(data).room_id === state.selectedRoomId),
      'faults-changed': () => loadFaults().catch(showFaultError),
      'device-warning': () => loadWarnings().catch(showError),
      reset: () => refreshAll().catch(showError),
    };
    live.addEventListener('message', (message) => {
      const { kind, name, data } = message.data;
      if (kind === 'error') {
        status.dataset.state = 'offline';
        status.textContent = 'Disconnected, retrying…';
      } else if (kind === 'event' && Object.hasOwn(handlers, name)) {
        handlers[name](data);
      }
    });
    live.addEventListener('error', (e) => {
      status.dataset.state = 'offline';
      status.textContent = 'No live updates: ' + (e.message || 'the live worker could not start');
    });
  }

  // Changes come in bursts (a retention cap dropping old events one by one, a script creating rooms):
  // fetch once per burst, not once per change.
  function reloadSoon(messagesToo) {
    state.pendingReload.messages = state.pendingReload.messages || messagesToo;
    if (state.pendingReload.timer !== null) {
      return;
    }
    state.pendingReload.timer = setTimeout(async () => {
      const reloadMessages = state.pendingReload.messages;
      state.pendingReload = { timer: null, messages: false };
      const selectedBefore = state.selectedRoomId;
      try {
        await loadRooms();
        if (reloadMessages || state.selectedRoomId !== selectedBefore) {
          await loadMessages();
        }
      } catch (e) {
        showError(e);
      }
    }, 150);
  }

  function onRoomEvent(roomId, event) {
    const known = state.rooms.find((r) => r.room_id === roomId);
    if (roomId === state.selectedRoomId) {
      if (state.liveDuringLoad !== null) {
        state.liveDuringLoad.push(event);
      }
      appendEvent(event, true);
    }
    if (known) {
      known.message_count += 1; // the count is of everything clients sent, as the stream carries
      known.last_activity_ts = event.origin_server_ts;
      renderRooms();
    } else {
      reloadSoon(false); // a room this page has not seen yet
    }
  }

  // ---------------------------------------------------------------- wiring

  async function refreshAll() {
    await Promise.all([
      loadRooms().then(loadMessages),
      loadFaults().catch(showFaultError),
      loadWarnings(),
    ]);
    $('page-error').textContent = '';
    document.body.dataset.ready = 'true';
  }

  // A user whose device count passed the threshold: a notifier that logs in on every run.
  async function loadWarnings() {
    const answer = await request('GET', API + '/users');
    const warned = answer.users.filter((user) => user.device_warning);
    const box = $('warnings');
    box.replaceChildren();
    for (const user of warned) {
      const item = document.createElement('li');
      item.append(code(user.user_id), ' has ' + plural(user.device_count, 'device')
        + ': its notifier probably logs in on every run instead of reusing its access token.');
      box.append(item);
    }
    box.hidden = warned.length === 0;
  }

  function onHashChange() {
    const wanted = roomIdFromHash();
    if (wanted !== null && wanted !== state.selectedRoomId) {
      state.selectedRoomId = wanted;
      renderRooms();
      showEvents([]);
      $('command-preview').hidden = true;
      $('copy-status').textContent = '';
      loadMessages().catch(showError);
    }
  }

  function showError(error) {
    $('page-error').textContent = error.message;
  }

  function showFaultError(error) {
    $('fault-error').textContent = error.message;
  }

  function span(className, text) {
    const element = document.createElement('span');
    element.className = className;
    element.textContent = text;
    return element;
  }

  function code(text) {
    const element = document.createElement('code');
    element.textContent = text;
    return element;
  }

  function plural(count, noun) {
    return count + ' ' + noun + (count === 1 ? '' : 's');
  }

  document.addEventListener('DOMContentLoaded', () => {
    $('server-url').textContent = location.origin;
    $('copy-mxnotify').addEventListener('click', () => copyCommand('mxnotify'));
    $('copy-curl').addEventListener('click', () => copyCommand('curl'));
    $('clear-room').addEventListener('click', () => clearRoom().catch(showError));
    $('clear-all').addEventListener('click', () => clearAll().catch(showError));
    $('fault-preset').addEventListener('change', (e) => applyPreset(e.target.value));
    $('fault-form').addEventListener('submit', addFault);
    window.addEventListener('hashchange', onHashChange);
    applyPreset($('fault-preset').value);
    // What the server holds now is shown at once (as soon as messages can be rendered safely); the
    // stream's 'ready' fetches it again when it is live.
    MatrixHtml.ready.then(() => {
      refreshAll().catch(showError);
      connectStream();
    }, showError);
  });
})();
