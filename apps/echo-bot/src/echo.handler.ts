import { Injectable, Logger } from '@nestjs/common';
import type { DeadLetter } from 'nestjs-mixin-blaze';
import {
  BlazeMessage,
  ImageMessage,
  MixinBlazeService,
  OnDeadLetter,
  OnMessage,
  SafeSnapshotMessage,
  TextMessage,
  VideoMessage,
} from 'nestjs-mixin-blaze';
import { showcaseReply } from './showcase.js';

/**
 * The example bot: echoes text (and answers `help`, `post`, `card`, `buttons`, `image` with those
 * kinds of message), describes media (acking by hand), thanks for transfers.
 * Messages of one conversation are handled one at a time, in order (the default), so replies
 * never overtake each other; different conversations run concurrently.
 */
@Injectable()
export class EchoHandler {
  private readonly logger = new Logger('EchoBot');

  constructor(private readonly blaze: MixinBlazeService) {}

  @OnMessage('PLAIN_TEXT')
  async onText(message: TextMessage): Promise<void> {
    this.logger.log(`received text ${message.messageId}: "${message.payload}"`);
    // Stands in for a bug or an outage: retried with backoff, then handed to onDeadLetter.
    if (message.payload === 'crash') throw new Error('the crash command always fails');
    const showcase = showcaseReply(message.payload, message.conversationId, this.blaze.appId);
    if (showcase) {
      await this.blaze.send({ ...showcase, quoteMessageId: message.messageId });
      return;
    }
    await this.blaze.sendText(message.conversationId, `echo: ${message.payload}`, { quoteMessageId: message.messageId });
  }

  @OnMessage(['PLAIN_IMAGE', 'PLAIN_VIDEO'], { autoAck: false })
  async onMedia(message: ImageMessage | VideoMessage): Promise<void> {
    const { width, height, mimeType } = message.payload;
    this.logger.log(`received ${message.category} ${message.messageId}: ${mimeType} ${width}x${height}`);
    await this.blaze.sendText(message.conversationId, `nice ${width}x${height} ${mimeType}`);
    // autoAck is off for media: acknowledge only once the reply went out.
    await this.blaze.ack(message.messageId);
  }

  @OnMessage('SYSTEM_SAFE_SNAPSHOT')
  async onTransfer(message: SafeSnapshotMessage): Promise<void> {
    const { amount, assetId } = message.payload;
    this.logger.log(`received transfer ${message.messageId}: ${amount} of asset ${assetId}`);
    await this.blaze.sendText(message.conversationId, `thanks for the ${amount}!`);
  }

  /**
   * Runs once a message failed every attempt, or could not be read at all (`kind: 'invalid'`);
   * after it returns, the message is acknowledged.
   */
  @OnDeadLetter()
  onDeadLetter({ messageId, kind, reason }: DeadLetter): void {
    this.logger.warn(`set aside ${kind} message ${messageId} (${reason}); a real bot would store it`);
  }

  @OnMessage('*')
  onOther(message: BlazeMessage): void {
    this.logger.log(`received ${message.category} ${message.messageId}; nothing to do`);
  }
}
