import { Injectable } from '@nestjs/common';
import { BlazeContext, Ctx, MixinBlazeService, OnMessage, Payload } from 'nestjs-mixin-blaze';

@Injectable()
export class EchoHandler {
  constructor(private readonly blaze: MixinBlazeService) {}

  @OnMessage('PLAIN_TEXT')
  async onText(@Payload() text: string, @Ctx() ctx: BlazeContext): Promise<void> {
    await this.blaze.sendText(ctx.message.conversationId, `echo: ${text}`);
  }
}
