import { Inject, Injectable } from '@nestjs/common';
import { Ctx, derivedMessageId, Message, MixinBlazeService, OnMessage, type BlazeContext, type BlazeMessage } from 'nestjs-mixin-blaze';

/** How the recording handler misbehaves for a message, keyed by a word at the start of its text. */
export type Misbehaviour = 'throw-once' | 'hang-once' | 'throw-string-once' | 'reply';

/** What every handler call did, for the matrix's checks. */
export class Recorder {
  readonly handled = new Map<string, number>();
  readonly finished = new Set<string>();
  readonly orderViolations: string[] = [];
  private readonly lastSeq = new Map<string, number>();
  /** Release for 'hang-once' handlers that outlived their timeout. */
  readonly hung: Array<() => void> = [];

  begin(message: BlazeMessage): void {
    this.handled.set(message.messageId, (this.handled.get(message.messageId) ?? 0) + 1);
  }

  /** Marks a handler done; checks that a conversation's sequence numbers only grow. */
  finish(message: BlazeMessage, seq: number): void {
    const last = this.lastSeq.get(message.conversationId) ?? -1;
    if (seq >= 0 && seq < last && !this.finished.has(message.messageId)) this.orderViolations.push(message.messageId);
    this.lastSeq.set(message.conversationId, Math.max(last, seq));
    this.finished.add(message.messageId);
  }
}

export const RECORDER = Symbol('fault-matrix recorder');

/** Payload text: `<seq> <misbehaviour?>`. */
function parse(text: string): { seq: number; how?: Misbehaviour } {
  const [seq, how] = text.split(' ');
  return { seq: Number(seq), how: how as Misbehaviour | undefined };
}

/** The matrix's bot: handles text, posts and contacts; the text can ask it to misbehave. */
@Injectable()
export class RecordingHandler {
  constructor(
    @Inject(RECORDER) private readonly recorder: Recorder,
    private readonly blaze: MixinBlazeService,
  ) {}

  @OnMessage(['PLAIN_TEXT', 'PLAIN_POST'])
  async onText(@Message() message: BlazeMessage<string>, @Ctx() ctx: BlazeContext): Promise<void> {
    // Retries are the same handling; only a fresh delivery to the handler counts as handling again.
    if (ctx.attempt === 1) this.recorder.begin(message);
    const { seq, how } = parse(message.payload);
    if (ctx.attempt === 1 && how === 'throw-once') throw new Error(`planned failure of ${message.messageId}`);
    if (ctx.attempt === 1 && how === 'throw-string-once') throw 'a string, not an Error';
    if (ctx.attempt === 1 && how === 'hang-once') await new Promise<void>((resolve) => this.recorder.hung.push(resolve));
    if (how === 'reply') {
      // A reply id derived from the message id makes a retried reply idempotent on the server.
      await this.blaze.sendText(message.conversationId, `re ${seq}`, { messageId: derivedMessageId(message.messageId, 'reply') });
    }
    await new Promise((resolve) => setImmediate(resolve));
    this.recorder.finish(message, seq);
  }

  @OnMessage('PLAIN_CONTACT')
  async onContact(@Message() message: BlazeMessage<{ userId: string }>): Promise<void> {
    this.recorder.begin(message);
    await new Promise((resolve) => setImmediate(resolve));
    this.recorder.finish(message, -1);
  }
}
