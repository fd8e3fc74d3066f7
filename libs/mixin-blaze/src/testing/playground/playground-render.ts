/**
 * The page's renderers, as browser JavaScript shipped in a string (no build step, nothing fetched).
 * Everything the bot sends is hostile input: nodes are built with createElement/textContent only,
 * never innerHTML, so markup in a message shows as text; links open only for http(s) and mailto.
 * Written without backticks or dollar-brace, so it fits in this template literal untouched.
 */
export const PLAYGROUND_RENDER_JS = String.raw`'use strict';
var R = (function () {
  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }
  function safeUrl(url) {
    return /^(https?:\/\/|mailto:)/i.test(String(url)) ? String(url) : null;
  }
  function link(text, url) {
    var href = safeUrl(url);
    if (!href) return document.createTextNode(text + ' (' + url + ')');
    var a = el('a', '', text);
    a.href = href;
    a.target = '_blank';
    a.rel = 'noopener noreferrer nofollow';
    return a;
  }
  // Inline markdown: code spans, links, bold, italic; the rest is text. Recursion is bounded by
  // the input shrinking at every level.
  var INLINE = /(\x60+)([^\n]*?[^\x60])\1(?!\x60)|\[([^\]\n]{1,500})\]\(([^)\s]{1,2000})\)|\*\*([^*\n]+?)\*\*|(?<![A-Za-z0-9])__([^_\n]+?)__(?![A-Za-z0-9])|\*([^*\n]+?)\*|(?<![A-Za-z0-9])_([^_\n]+?)_(?![A-Za-z0-9])/g;
  function inline(text, parent) {
    var last = 0, m;
    INLINE.lastIndex = 0;
    var matches = [];
    while ((m = INLINE.exec(text)) !== null) matches.push({ m: m, index: m.index, end: INLINE.lastIndex });
    matches.forEach(function (x) {
      if (x.index > last) parent.appendChild(document.createTextNode(text.slice(last, x.index)));
      var g = x.m;
      if (g[1]) parent.appendChild(el('code', '', g[2]));
      else if (g[3] !== undefined) parent.appendChild(link(g[3], g[4]));
      else if (g[5] !== undefined || g[6] !== undefined) inline(g[5] !== undefined ? g[5] : g[6], parent.appendChild(el('strong')));
      else inline(g[7] !== undefined ? g[7] : g[8], parent.appendChild(el('em')));
      last = x.end;
    });
    if (last < text.length) parent.appendChild(document.createTextNode(text.slice(last)));
    return parent;
  }
  // Block markdown: fenced code, headings, quotes, lists, paragraphs.
  function markdown(src) {
    var root = el('div', 'md');
    var lines = String(src).replace(/\r\n?/g, '\n').split('\n');
    var i = 0, list = null, para = null;
    function endBlocks() { list = null; para = null; }
    while (i < lines.length) {
      var line = lines[i], m;
      if (/^\s*\x60\x60\x60/.test(line)) {
        endBlocks();
        var code = [];
        i++;
        while (i < lines.length && !/^\s*\x60\x60\x60/.test(lines[i])) code.push(lines[i++]);
        i++;
        root.appendChild(el('pre')).appendChild(el('code', '', code.join('\n')));
        continue;
      }
      if ((m = /^(#{1,6})\s+(.*)$/.exec(line))) {
        endBlocks();
        inline(m[2], root.appendChild(el('h' + Math.min(m[1].length + 2, 6))));
      } else if ((m = /^>\s?(.*)$/.exec(line))) {
        endBlocks();
        inline(m[1], root.appendChild(el('blockquote')));
      } else if ((m = /^\s*([-*+]|\d{1,9}[.)])\s+(.*)$/.exec(line))) {
        para = null;
        var tag = /\d/.test(m[1]) ? 'ol' : 'ul';
        if (!list || list.tagName.toLowerCase() !== tag) list = root.appendChild(el(tag));
        inline(m[2], list.appendChild(el('li')));
      } else if (/^\s*$/.test(line)) {
        endBlocks();
      } else {
        list = null;
        if (para) para.appendChild(document.createTextNode(' '));
        else para = root.appendChild(el('p'));
        inline(line, para);
      }
      i++;
    }
    return root;
  }
  function json(text) {
    try {
      var v = JSON.parse(text);
      return v !== null && typeof v === 'object' ? v : null;
    } catch (e) {
      return null;
    }
  }
  function str(v) {
    return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '';
  }
  function colour(node, c) {
    if (/^#[0-9a-fA-F]{3,8}$/.test(str(c))) node.style.borderColor = c;
  }
  // A button or card action: "input:..." sends that text as the user; a URL opens; else shown.
  function action(label, act, onInput) {
    var a = str(act);
    if (/^input:/.test(a)) {
      var b = el('button', 'action', label);
      b.type = 'button';
      b.title = 'sends "' + a.slice(6) + '"';
      b.addEventListener('click', function () { onInput(a.slice(6)); });
      return b;
    }
    if (safeUrl(a)) {
      var l = link(label, a);
      l.className = 'action';
      return l;
    }
    var s = el('span', 'action', label);
    s.title = a;
    return s;
  }
  function image(text) {
    var p = json(text);
    if (!p) return null;
    var box = el('div', 'image');
    var w = Number(p.width), h = Number(p.height);
    var thumb = str(p.thumbnail);
    if (thumb && thumb.length < 65536 && /^[A-Za-z0-9+/]+={0,2}$/.test(thumb)) {
      var img = el('img');
      img.alt = 'thumbnail';
      img.src = 'data:image/jpeg;base64,' + thumb;
      img.addEventListener('error', function () { img.remove(); });
      box.appendChild(img);
    } else {
      box.appendChild(el('div', 'placeholder', 'image'));
    }
    box.appendChild(el('div', 'caption', [str(p.mime_type) || 'image', w > 0 && h > 0 ? w + '×' + h : ''].join(' ').trim()));
    return box;
  }
  function card(text, onInput) {
    var p = json(text);
    if (!p || Array.isArray(p)) return null;
    var box = el('div', 'card');
    var title = str(p.title);
    box.appendChild(el('div', 'icon', (title || '?').slice(0, 1).toUpperCase()));
    var body = box.appendChild(el('div', 'card-body'));
    body.appendChild(el('div', 'card-title', title));
    body.appendChild(el('div', 'card-description', str(p.description)));
    var acts = Array.isArray(p.actions) ? p.actions : p.action ? [{ label: 'Open', action: p.action }] : [];
    if (acts.length) {
      var row = body.appendChild(el('div', 'buttons'));
      acts.slice(0, 18).forEach(function (x) {
        if (x && typeof x === 'object') row.appendChild(action(str(x.label) || 'Open', x.action, onInput));
      });
    }
    return box;
  }
  function buttons(text, onInput) {
    var p = json(text);
    if (!Array.isArray(p)) return null;
    var row = el('div', 'buttons');
    p.slice(0, 18).forEach(function (x) {
      if (!x || typeof x !== 'object') return;
      var b = row.appendChild(action(str(x.label) || '(no label)', x.action, onInput));
      colour(b, x.color);
    });
    return row;
  }
  function describeJson(category, text) {
    var p = json(text);
    if (category === 'SYSTEM_SAFE_SNAPSHOT' && p) return 'Transfer: ' + str(p.amount) + (str(p.memo) ? ' — "' + str(p.memo) + '"' : '');
    if (category === 'PLAIN_CONTACT' && p) return 'Contact card: ' + str(p.user_id);
    return null;
  }
  /** The body of one message: by category, falling back to its text as sent. */
  function body(category, text, onInput) {
    var node = null;
    if (category === 'PLAIN_TEXT') node = el('div', 'text', text);
    else if (category === 'PLAIN_POST') node = markdown(text);
    else if (category === 'PLAIN_IMAGE') node = image(text);
    else if (category === 'APP_CARD') node = card(text, onInput);
    else if (category === 'APP_BUTTON_GROUP') node = buttons(text, onInput);
    else {
      var d = describeJson(category, text);
      if (d !== null) node = el('div', 'text', d);
    }
    if (node) return node;
    var raw = el('div', 'raw');
    raw.appendChild(el('div', 'raw-category', category));
    raw.appendChild(el('pre', '', text));
    return raw;
  }
  return { el: el, body: body, markdown: markdown };
})();
`;
