import type { MessageView, SentRecord, AckRecord } from '../emulator-types.js';
import type { PageEvent, PlaygroundHost, PlaygroundReport } from './playground-types.js';

/** Longest text one event carries: bot output is hostile, and a page needs no more to show it. */
export const MAX_EVENT_TEXT = 8 * 1024;
/** Bytes of history replayed to a page that (re)connects; older events fall off. */
export const MAX_HISTORY_BYTES = 1024 * 1024;

/** Cuts `text` to MAX_EVENT_TEXT characters, saying so. */
export function cut(text: string, max = MAX_EVENT_TEXT): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length - max} more characters cut)`;
}

/** What the page shows of a user message's payload: the text itself, or the JSON. */
function payloadText(view: MessageView): string {
  const b64 = typeof view.data === 'string' ? view.data : typeof view.data_base64 === 'string' ? view.data_base64 : '';
  // Decode no more than the page will show (base64: 4 characters per 3 bytes).
  return cut(Buffer.from(b64.slice(0, Math.ceil((MAX_EVENT_TEXT * 4) / 3) + 4), 'base64').toString('utf8'));
}

type Listener = (encoded: string) => void;

/**
 * Turns emulator events into page events, keeps a bounded history (by bytes) for pages that
 * connect later, and fans each new event out to the connected pages as an encoded SSE chunk.
 */
export class PlaygroundFeed {
  private readonly history: string[] = [];
  private historyBytes = 0;
  private readonly listeners = new Set<Listener>();
  private readonly detach: Array<() => void> = [];

  constructor(private readonly host: PlaygroundHost) {
    const onMessage = (v: MessageView) =>
      this.publish({ t: 'user', id: String(v.message_id), conv: String(v.conversation_id), user: String(v.user_id), category: String(v.category), text: payloadText(v), at: String(v.created_at) });
    const onSent = (s: SentRecord) =>
      this.publish({ t: 'bot', id: s.messageId, conv: s.conversationId, category: s.category, text: cut(s.text), quote: s.quoteMessageId, at: new Date(s.at).toISOString() });
    const onDelivered = (d: { messageId: string }) => this.publish({ t: 'delivered', id: d.messageId, n: host.deliveries(d.messageId) });
    const onAck = (a: AckRecord) => this.publish({ t: 'acked', id: a.messageId, via: a.via });
    host.on('message', onMessage);
    host.on('sent', onSent);
    host.on('delivered', onDelivered);
    host.on('ack', onAck);
    this.detach.push(
      () => host.off('message', onMessage),
      () => host.off('sent', onSent),
      () => host.off('delivered', onDelivered),
      () => host.off('ack', onAck),
    );
  }

  /** A handler outcome from the bot; only for messages this emulator pushed. */
  report(r: PlaygroundReport): void {
    if (typeof r.messageId !== 'string' || this.host.deliveries(r.messageId) === 0) return;
    this.publish({ t: 'report', id: r.messageId, state: r.state, attempt: r.attempt ?? 0, detail: cut(String(r.detail ?? ''), 300) });
  }

  /** The encoded history, oldest first, for a page that just connected. */
  replay(): readonly string[] {
    return this.history;
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close(): void {
    for (const off of this.detach.splice(0)) off();
    this.listeners.clear();
  }

  private publish(event: PageEvent): void {
    const encoded = encodeEvent(event);
    this.history.push(encoded);
    this.historyBytes += encoded.length;
    while (this.historyBytes > MAX_HISTORY_BYTES && this.history.length > 1) {
      this.historyBytes -= this.history.shift()!.length;
    }
    for (const listener of this.listeners) listener(encoded);
  }
}

/** One SSE chunk. JSON never contains a raw newline, so one `data:` line suffices. */
export function encodeEvent(event: PageEvent): string {
  return `data: ${JSON.stringify(event)}\n\n`;
}
