/**
 * The page's behaviour, as browser JavaScript shipped in a string: conversations, the composer,
 * and the live event stream (`GET /events`). Uses the renderers of playground-render.ts (`R`).
 * Written without backticks or dollar-brace, so it fits in this template literal untouched.
 */
export const PLAYGROUND_APP_JS = String.raw`(function () {
  var el = R.el;
  var $ = function (id) { return document.getElementById(id); };
  var S = { bot: '', users: [], convs: new Map(), msgs: new Map(), current: null };

  // ---- message states: delivered and acked are what the emulator saw; attempts, handled and
  // dead-lettered are what the bot reported (playgroundReporting), shown only when it does ----
  var STATE_TITLES = {
    queued: 'queued in the emulator, not pushed yet',
    delivered: 'pushed to the bot over the websocket (seen by the emulator)',
    redelivered: 'pushed again after a reconnect: the bot had not acked it (seen by the emulator)',
    retried: 'a handler attempt failed and ran again (reported by the bot)',
    failed: 'the last handler attempt failed (reported by the bot)',
    handled: 'a handler finished without error (reported by the bot)',
    'dead-lettered': 'set aside as a dead letter: every attempt failed, or it could not be decoded (reported by the bot)',
    acked: 'the server received the acknowledgement (seen by the emulator)'
  };
  function stateChips(st) {
    var chips = [];
    if (!st.delivered && !st.acked) chips.push(['queued', 'queued']);
    if (st.delivered) chips.push(['delivered', 'delivered']);
    if (st.delivered > 1) chips.push(['redelivered', 'redelivered ×' + (st.delivered - 1)]);
    if (st.attempt > 1) chips.push(['retried', 'retried ×' + (st.attempt - 1)]);
    if (st.failedLast && !st.handled && !st.dead) chips.push(['failed', 'failed (attempt ' + st.attempt + ')']);
    if (st.handled) chips.push(['handled', 'handled']);
    if (st.dead) chips.push(['dead-lettered', 'dead-lettered']);
    if (st.acked) chips.push(['acked', 'acked']);
    return chips;
  }
  function paintStates(m) {
    var box = m.states;
    box.textContent = '';
    var chips = stateChips(m.st);
    chips.forEach(function (c) {
      var chip = box.appendChild(el('span', 'chip chip-' + c[0], c[1]));
      chip.title = STATE_TITLES[c[0]] + (c[0] === 'dead-lettered' || c[0] === 'failed' ? ': ' + m.st.detail : '');
    });
    m.node.setAttribute('data-states', chips.map(function (c) { return c[0]; }).join(' '));
  }

  // ---- conversations ----
  function conversation(id, name, group, userId) {
    var c = S.convs.get(id);
    if (c) return c;
    c = { id: id, name: name || 'Conversation ' + id.slice(0, 8), group: !!group, userId: userId, unread: 0 };
    c.log = $('log').appendChild(el('div', 'conversation-log'));
    c.log.hidden = true;
    c.item = $('conversations').appendChild(el('button', 'conversation'));
    c.item.type = 'button';
    c.item.setAttribute('data-conversation', id);
    c.item.appendChild(el('span', 'conversation-name', c.name));
    c.item.appendChild(el('span', 'conversation-kind', c.group ? 'group' : '1:1'));
    c.badge = c.item.appendChild(el('span', 'badge'));
    c.item.addEventListener('click', function () { select(id); });
    S.convs.set(id, c);
    if (!S.current) select(id);
    return c;
  }
  function userName(userId) {
    for (var i = 0; i < S.users.length; i++) if (S.users[i].userId === userId) return S.users[i].name;
    return 'user ' + String(userId).slice(0, 8);
  }
  function select(id) {
    var c = S.convs.get(id);
    if (!c) return;
    S.convs.forEach(function (x) { x.log.hidden = x !== c; x.item.classList.toggle('selected', x === c); });
    S.current = c;
    c.unread = 0;
    c.badge.textContent = '';
    $('title').textContent = c.group ? c.name : 'Chat between ' + c.name + ' and the bot';
    var speaker = $('speaker');
    speaker.textContent = '';
    S.users.forEach(function (u) {
      if (!c.group && c.userId && u.userId !== c.userId) return;
      var o = speaker.appendChild(el('option', '', u.name));
      o.value = u.userId;
    });
    speaker.disabled = speaker.options.length < 2;
    scroll(c);
    $('text').focus();
  }
  function scroll(c) { c.log.scrollTop = c.log.scrollHeight; }

  // ---- messages ----
  function add(ev, fromBot) {
    var c = conversation(ev.conv);
    var node = el('div', 'msg ' + (fromBot ? 'bot' : 'user'));
    node.setAttribute('data-id', ev.id);
    node.setAttribute('data-category', ev.category);
    var meta = node.appendChild(el('div', 'meta'));
    meta.appendChild(el('span', 'who', fromBot ? 'bot' : userName(ev.user)));
    meta.appendChild(el('span', 'category', ev.category));
    if (fromBot && ev.quote && S.msgs.has(ev.quote)) {
      var q = S.msgs.get(ev.quote);
      node.appendChild(el('div', 'quote', '↪ ' + q.summary));
    }
    var bubble = node.appendChild(el('div', 'bubble'));
    bubble.appendChild(R.body(ev.category, ev.text, sendText));
    var m = { node: node, summary: ev.text.slice(0, 80), st: { delivered: 0, attempt: 0, failedLast: false, handled: false, dead: false, acked: false, detail: '' } };
    if (!fromBot) {
      m.states = node.appendChild(el('div', 'states'));
      paintStates(m);
    }
    S.msgs.set(ev.id, m);
    var atBottom = c.log.scrollHeight - c.log.scrollTop - c.log.clientHeight < 40;
    c.log.appendChild(node);
    if (c === S.current) { if (atBottom || !fromBot) scroll(c); }
    else if (fromBot) { c.unread++; c.badge.textContent = String(c.unread); }
  }
  function update(id, change) {
    var m = S.msgs.get(id);
    if (!m || !m.states) return;
    change(m.st);
    paintStates(m);
  }
  var HANDLERS = {
    hello: function (ev) {
      var keep = S.current && S.current.id;
      S.convs.clear(); S.msgs.clear(); S.current = null;
      $('log').textContent = ''; $('conversations').textContent = '';
      S.bot = ev.bot; S.users = ev.users;
      $('bot').textContent = 'bot ' + ev.bot;
      ev.conversations.forEach(function (c) { conversation(c.id, c.name, c.group, c.userId); });
      if (keep && S.convs.has(keep)) select(keep);
    },
    user: function (ev) { add(ev, false); },
    bot: function (ev) { add(ev, true); },
    delivered: function (ev) { update(ev.id, function (st) { st.delivered = Math.max(st.delivered, ev.n); }); },
    acked: function (ev) { update(ev.id, function (st) { st.acked = true; }); },
    report: function (ev) {
      update(ev.id, function (st) {
        if (ev.state === 'attempt') { st.attempt = Math.max(st.attempt, ev.attempt); st.failedLast = false; }
        if (ev.state === 'failed') { st.failedLast = true; st.detail = ev.detail; }
        if (ev.state === 'handled') st.handled = true;
        if (ev.state === 'dead-lettered') { st.dead = true; st.detail = ev.detail; }
      });
    }
  };

  // ---- sending ----
  function post(body) {
    body.conversationId = S.current.id;
    body.userId = $('speaker').value;
    return fetch('/api/send', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) })
      .then(function (res) { return res.ok ? null : res.text().then(function (t) { throw new Error(t); }); })
      .then(function () { notice(''); }, function (err) { notice('not sent: ' + err.message); });
  }
  function sendText(text) { if (S.current && text.trim()) post({ kind: 'text', text: text }); }
  function notice(text) { $('notice').textContent = text; }
  $('composer').addEventListener('submit', function (e) {
    e.preventDefault();
    var input = $('text');
    sendText(input.value);
    input.value = '';
  });
  Array.prototype.forEach.call(document.querySelectorAll('[data-kind]'), function (b) {
    b.addEventListener('click', function () { if (S.current) post({ kind: b.getAttribute('data-kind') }); });
  });

  // ---- the stream: EventSource reconnects by itself, and each connection starts with hello ----
  function status(s, text) { var n = $('status'); n.setAttribute('data-status', s); n.textContent = text; }
  var source = new EventSource('/events');
  source.onopen = function () { status('live', 'live'); };
  source.onerror = function () { status('down', 'reconnecting…'); };
  source.onmessage = function (e) {
    var ev;
    try { ev = JSON.parse(e.data); } catch (err) { return; }
    var h = ev && HANDLERS[ev.t];
    if (h) h(ev);
  };
})();
`;
