import { Injectable, Logger } from '@nestjs/common';
import {
  BlazeMessage,
  ImageMessage,
  MixinBlazeService,
  OnMessage,
  SafeSnapshotMessage,
  TextMessage,
  VideoMessage,
} from 'nestjs-mixin-blaze';

/** The example bot: echoes text, describes media (acking by hand), thanks for transfers. */
@Injectable()
export class EchoHandler {
  private readonly logger = new Logger('EchoBot');

  constructor(private readonly blaze: MixinBlazeService) {}

  @OnMessage('PLAIN_TEXT')
  async onText(message: TextMessage): Promise<void> {
    this.logger.log(`received text ${message.messageId}: "${message.payload}"`);
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

  @OnMessage('*')
  onOther(message: BlazeMessage): void {
    this.logger.log(`received ${message.category} ${message.messageId}; nothing to do`);
  }
}
