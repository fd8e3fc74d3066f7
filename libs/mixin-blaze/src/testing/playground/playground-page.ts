/** The playground's HTML: no inline script or style, so the page's CSP can forbid both. */
export const PLAYGROUND_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Mixin Blaze playground</title>
<link rel="stylesheet" href="/playground.css">
</head>
<body>
<header>
  <strong>Mixin Blaze playground</strong>
  <span id="bot" class="bot"></span>
  <span id="status" class="status" data-status="connecting">connecting…</span>
</header>
<div class="layout">
  <nav id="conversations" class="conversations" aria-label="Conversations"></nav>
  <main>
    <div id="title" class="title"></div>
    <div id="log" class="log" aria-live="polite"></div>
    <form id="composer" class="composer" autocomplete="off">
      <label class="speaker">as <select id="speaker" aria-label="Speak as"></select></label>
      <input id="text" name="text" placeholder="Type a message and press Enter" maxlength="4096" aria-label="Message">
      <span class="actions">
        <button type="button" data-kind="image">Image</button>
        <button type="button" data-kind="snapshot">Transfer</button>
        <button type="button" data-kind="contact">Contact</button>
        <button type="button" data-kind="malformed" title="a PLAIN_IMAGE no client would send: width is a string">Malformed</button>
      </span>
    </form>
    <div id="notice" class="notice" role="status"></div>
  </main>
</div>
<footer>
  States: <b>delivered</b>, <b>redelivered</b> and <b>acked</b> are what the emulator saw on the wire;
  <b>retried</b>, <b>failed</b>, <b>handled</b> and <b>dead-lettered</b> are what the bot reported
  (<code>playgroundReporting</code>), so a bot that does not report shows none of them. Hover a state for details.
</footer>
<script src="/playground.js"></script>
</body>
</html>
`;

/** The playground's stylesheet. */
export const PLAYGROUND_CSS = `
* { box-sizing: border-box; }
html, body { height: 100%; margin: 0; }
body { display: flex; flex-direction: column; font: 14px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1d2330; background: #eef1f6; }
header { display: flex; gap: 12px; align-items: center; padding: 10px 16px; background: #1f3b73; color: #fff; }
header .bot { opacity: .75; font-family: ui-monospace, monospace; font-size: 12px; }
.status { margin-left: auto; padding: 2px 10px; border-radius: 10px; background: #777; font-size: 12px; }
.status[data-status=live] { background: #2e9d5b; }
.status[data-status=down] { background: #c0392b; }
.layout { flex: 1; display: flex; min-height: 0; }
.conversations { width: 240px; background: #fff; border-right: 1px solid #d5dbe5; overflow-y: auto; }
.conversation { display: flex; width: 100%; gap: 6px; align-items: center; padding: 12px 14px; border: 0; border-bottom: 1px solid #eef1f6; background: none; text-align: left; font: inherit; cursor: pointer; }
.conversation:hover { background: #f4f6fa; }
.conversation.selected { background: #e3ebfa; }
.conversation-name { flex: 1; font-weight: 600; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.conversation-kind { font-size: 11px; color: #6b7385; }
.badge:not(:empty) { min-width: 18px; padding: 0 5px; border-radius: 9px; background: #1f6feb; color: #fff; font-size: 11px; text-align: center; }
main { flex: 1; display: flex; flex-direction: column; min-width: 0; }
.title { padding: 10px 16px; border-bottom: 1px solid #d5dbe5; background: #f8f9fc; font-weight: 600; }
.log { flex: 1; position: relative; min-height: 0; }
.conversation-log { position: absolute; inset: 0; overflow-y: auto; padding: 16px; display: flex; flex-direction: column; gap: 10px; }
.conversation-log[hidden] { display: none; }
.msg { max-width: 70%; display: flex; flex-direction: column; }
.msg.user { align-self: flex-end; align-items: flex-end; }
.msg.bot { align-self: flex-start; }
.meta { font-size: 11px; color: #6b7385; display: flex; gap: 6px; margin: 0 4px 2px; }
.category { font-family: ui-monospace, monospace; }
.bubble { padding: 8px 12px; border-radius: 12px; background: #fff; box-shadow: 0 1px 1px rgba(0,0,0,.08); overflow-wrap: anywhere; }
.msg.user .bubble { background: #d9f2d0; }
.quote { font-size: 12px; color: #56607a; border-left: 3px solid #9fb3d9; padding-left: 6px; margin: 0 4px 3px; }
.text { white-space: pre-wrap; }
.md p, .md ul, .md ol, .md pre, .md blockquote { margin: 4px 0; }
.md h3, .md h4, .md h5, .md h6 { margin: 6px 0 4px; }
.md code { background: #eef1f6; padding: 0 3px; border-radius: 3px; font-family: ui-monospace, monospace; }
.md pre { background: #eef1f6; padding: 8px; border-radius: 6px; overflow-x: auto; }
.md blockquote { border-left: 3px solid #c5cde0; padding-left: 8px; color: #4a536a; }
.image img { display: block; max-width: 240px; min-width: 120px; border-radius: 8px; image-rendering: auto; }
.placeholder { width: 200px; height: 120px; border-radius: 8px; background: repeating-linear-gradient(45deg, #dde3ee, #dde3ee 10px, #e9edf4 10px, #e9edf4 20px); display: flex; align-items: center; justify-content: center; color: #6b7385; }
.caption { font-size: 12px; color: #56607a; margin-top: 4px; }
.card { display: flex; gap: 10px; min-width: 220px; }
.icon { flex: none; width: 40px; height: 40px; border-radius: 8px; background: #1f3b73; color: #fff; display: flex; align-items: center; justify-content: center; font-weight: 700; }
.card-title { font-weight: 600; }
.card-description { color: #4a536a; white-space: pre-wrap; }
.buttons { display: flex; flex-wrap: wrap; gap: 6px; margin-top: 6px; }
.action { display: inline-block; padding: 4px 10px; border: 1px solid #1f6feb; border-radius: 14px; background: #fff; color: #1f6feb; font: inherit; font-size: 13px; text-decoration: none; cursor: pointer; }
span.action { cursor: default; color: #4a536a; border-color: #aab3c5; }
.raw-category { font-size: 11px; color: #6b7385; }
.raw pre { margin: 2px 0 0; white-space: pre-wrap; font-size: 12px; }
.states { display: flex; flex-wrap: wrap; gap: 4px; justify-content: flex-end; margin-top: 3px; }
.chip { font-size: 11px; padding: 0 7px; border-radius: 8px; background: #e1e6ef; color: #4a536a; cursor: help; }
.chip-acked { background: #2e9d5b; color: #fff; }
.chip-handled { background: #cdebd8; color: #1d6b3d; }
.chip-retried, .chip-redelivered, .chip-failed { background: #fbe7c6; color: #8a5300; }
.chip-dead-lettered { background: #f6d0cc; color: #9b2a1f; }
.composer { display: flex; gap: 8px; align-items: center; padding: 10px 16px; border-top: 1px solid #d5dbe5; background: #fff; }
.composer input { flex: 1; padding: 8px 12px; border: 1px solid #c5cde0; border-radius: 18px; font: inherit; }
.composer button { padding: 6px 10px; border: 1px solid #c5cde0; border-radius: 6px; background: #f4f6fa; font: inherit; cursor: pointer; }
.speaker { font-size: 12px; color: #6b7385; }
.notice:not(:empty) { padding: 4px 16px; color: #9b2a1f; background: #fff; }
footer { padding: 6px 16px; font-size: 12px; color: #56607a; background: #f8f9fc; border-top: 1px solid #d5dbe5; }
`;
