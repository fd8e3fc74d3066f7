/**
 * Compile-time checks, held by `npm run typecheck` (CI): each `@ts-expect-error` line must stay an
 * error, and every other line must compile. Nothing here runs.
 */
import {
  MixinBlazeService,
  OnMessage,
  Payload,
  unlistedCategory,
  type BlazeContext,
  type BlazeMessage,
  type ImageMessage,
  type ImagePayload,
  type MixinCategory,
  type TextMessage,
  type UnknownMessage,
  type VideoMessage,
} from 'nestjs-mixin-blaze';

export class Handlers {
  @OnMessage('PLAIN_TEXT') text(_m: TextMessage): void {}
  @OnMessage('ENCRYPTED_TEXT') encrypted(_m: TextMessage): void {}
  @OnMessage(['PLAIN_IMAGE', 'PLAIN_VIDEO']) media(_m: ImageMessage | VideoMessage): void {}
  @OnMessage('PLAIN_IMAGE') payload(@Payload() _p: ImagePayload): void {}
  @OnMessage('PLAIN_IMAGE') width(@Payload('width') _w: number): void {}
  @OnMessage('*') any(_m: BlazeMessage): void {}
  @OnMessage('PLAIN_TEXT') none(): void {}
  @OnMessage('PLAIN_TEXT') base(_m: BlazeMessage, _ctx: BlazeContext): void {}
  @OnMessage('PLAIN_TEXT', { dto: Object }) ownClass(_m: BlazeMessage<object>): void {}
  @OnMessage(unlistedCategory('PLAIN_HOLOGRAM')) later(_m: UnknownMessage): void {}
  @OnMessage('PLAIN_TEXT') async later2(_m: TextMessage): Promise<void> {}

  // @ts-expect-error a category outside MixinCategory (a typo)
  @OnMessage('PLAIN_TXT') typo(_m: TextMessage): void {}
  // @ts-expect-error a first parameter that cannot receive the category's message
  @OnMessage('PLAIN_IMAGE') wrongClass(_m: TextMessage): void {}
  // @ts-expect-error one class for a list of categories
  @OnMessage(['PLAIN_IMAGE', 'PLAIN_VIDEO']) oneOfTwo(_m: ImageMessage): void {}
  // @ts-expect-error '*' receives any message, not only text
  @OnMessage('*') anyAsText(_m: TextMessage): void {}
  // @ts-expect-error a plain string that is not a listed category
  @OnMessage('SOMETHING_NEW' as string) untyped(_m: BlazeMessage): void {}
}

export async function sends(blaze: MixinBlazeService, image: ImagePayload): Promise<void> {
  const conversationId = '';
  await blaze.send({ conversationId, category: 'PLAIN_TEXT', payload: 'hi' });
  await blaze.send({ conversationId, category: 'PLAIN_IMAGE', payload: image });
  await blaze.send({ conversationId, category: 'PLAIN_IMAGE', payload: { attachment_id: 'x', mime_type: 'image/png' } });
  await blaze.send({ conversationId, category: 'APP_BUTTON_GROUP', payload: [{ label: 'a', action: 'b', color: '#ffffff' }] });
  await blaze.send({ conversationId, category: 'PLAIN_JSON', payload: Buffer.from('{}') });
  await blaze.send({ conversationId, category: unlistedCategory('PLAIN_HOLOGRAM'), payload: Buffer.from('beam') });
  await blaze.sendMany([{ conversationId, category: 'PLAIN_POST', payload: '# hi' }]);

  // @ts-expect-error PLAIN_TEXT takes a string
  await blaze.send({ conversationId, category: 'PLAIN_TEXT', payload: { text: 'hi' } });
  // @ts-expect-error an image is not a string
  await blaze.send({ conversationId, category: 'PLAIN_IMAGE', payload: 'text' });
  // @ts-expect-error a misspelled category
  await blaze.send({ conversationId, category: 'PLAIN_TXT', payload: 'hi' });
  // @ts-expect-error a button group is an array
  await blaze.send({ conversationId, category: 'APP_BUTTON_GROUP', payload: { label: 'a' } });
  // @ts-expect-error an unlisted category takes raw bytes only
  await blaze.send({ conversationId, category: unlistedCategory('X'), payload: 'text' });
}

// MixinCategory is the closed set the decorator checks against.
export const listed: MixinCategory = 'SYSTEM_SAFE_SNAPSHOT';
// @ts-expect-error not a listed category
export const unlisted: MixinCategory = 'SYSTEM_SAFE_SNAPSHOTS';
