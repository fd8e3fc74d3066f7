/**
 * The malformed frames `survivor-bot.ts` feeds: garbage bytes, bad JSON, bad frames, bad messages,
 * odd ERRORs and stray replies. `ackable` lists the messages among them whose message_id is usable:
 * the library must ack those (invalid, or no handler) without dying.
 */
import { randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';

export type Frame = [frame: Uint8Array | string | object, options?: { gzip?: boolean; binary?: boolean }];

export function malformedFrames(userId: string): { frames: Frame[]; ackable: string[] } {
  const uuid = () => randomUUID();
  const message = (overrides: Record<string, unknown>) => ({
    type: 'message',
    conversation_id: uuid(),
    user_id: userId,
    session_id: uuid(),
    message_id: uuid(),
    category: 'PLAIN_TEXT',
    data: Buffer.from('hi').toString('base64'),
    status: 'SENT',
    source: 'CREATE_MESSAGE',
    created_at: new Date().toISOString(),
    updated_at: new Date().toISOString(),
    ...overrides,
  });
  const ackable: string[] = [];
  const withId = (overrides: Record<string, unknown>) => {
    const m = message(overrides);
    ackable.push(m.message_id as string);
    return { id: uuid(), action: 'CREATE_MESSAGE', data: m };
  };
  const frames: Frame[] = [
    // bytes
    [Buffer.from('definitely not gzip'), { gzip: false }],
    [Buffer.alloc(0), { gzip: false }],
    ['a text frame', { binary: false, gzip: false }],
    [gzipSync('{"action": '), { gzip: false }],
    [gzipSync(Buffer.alloc(1024 * 1024, 0x20)), { gzip: false }], // inflates past maxInflatedFrameBytes
    [Buffer.from([0x1f, 0x8b, 0x08, 0x00]), { gzip: false }], // truncated gzip header
    // JSON that is not a frame
    ['42'],
    ['null'],
    ['"a string"'],
    ['[]'],
    [{ id: uuid() }],
    [{ action: 42 }],
    [{ action: null, data: {} }],
    // CREATE_MESSAGE without a usable message
    [{ id: uuid(), action: 'CREATE_MESSAGE' }],
    [{ id: uuid(), action: 'CREATE_MESSAGE', data: null }],
    [{ id: uuid(), action: 'CREATE_MESSAGE', data: 'a string' }],
    [{ id: uuid(), action: 'CREATE_MESSAGE', data: 42 }],
    [{ id: uuid(), action: 'CREATE_MESSAGE', data: [] }],
    [{ id: uuid(), action: 'CREATE_MESSAGE', data: { category: 'PLAIN_TEXT' } }],
    [{ id: uuid(), action: 'CREATE_MESSAGE', data: message({ message_id: undefined }) }],
    [{ id: uuid(), action: 'CREATE_MESSAGE', data: message({ message_id: '' }) }],
    [{ id: uuid(), action: 'CREATE_MESSAGE', data: message({ message_id: 12345 }) }],
    [{ id: uuid(), action: 'CREATE_MESSAGE', data: message({ message_id: { nested: true }, category: { nested: true } }) }],
    [{ id: 42, action: 'CREATE_MESSAGE', data: message({ message_id: null, conversation_id: null }) }],
    // CREATE_MESSAGE with a message_id but malformed fields
    [withId({ conversation_id: undefined, user_id: undefined })],
    [withId({ conversation_id: 5, user_id: [], session_id: {} })],
    [withId({ category: 42 })],
    [withId({ category: '' })],
    [withId({ category: 'NOT_A_CATEGORY' })],
    [withId({ created_at: 'yesterday', updated_at: 7 })],
    [withId({ data: '%%% this is not base64 %%%' })],
    [withId({ data: 42, data_base64: ['x'] })],
    [withId({ data: undefined, data_base64: undefined })],
    [withId({ category: 'PLAIN_IMAGE', data: Buffer.from('not json').toString('base64') })],
    [withId({ category: 'PLAIN_IMAGE', data: Buffer.from('{"width":"wide"}').toString('base64') })],
    [withId({ category: 'ENCRYPTED_TEXT', data: Buffer.from('not a ciphertext').toString('base64') })],
    [withId({ category: 'PLAIN_TRANSCRIPT', data: Buffer.from('{"not":"an array"}').toString('base64') })],
    [withId({ status: 42, source: null, quote_message_id: 12, representative_id: {} })],
    // ERROR frames with odd codes
    [{ id: uuid(), action: 'ERROR', error: { status: 202, code: 'weird', description: 'a string code' } }],
    [{ id: uuid(), action: 'ERROR', error: { status: 202, code: -1 } }],
    [{ id: uuid(), action: 'ERROR', error: { code: 9_007_199_254_740_993 } }],
    [{ id: uuid(), action: 'ERROR', error: { code: { nested: [1, 2] }, description: { not: 'a string' } } }],
    [{ id: uuid(), action: 'ERROR', error: { code: null } }],
    [{ id: uuid(), action: 'ERROR', error: null }],
    [{ id: uuid(), action: 'ERROR', error: 'just a string' }],
    [{ id: uuid(), action: 'ERROR' }],
    // values that defeat String() and template literals (toString not callable), where the library logs them
    [{ id: uuid(), action: 'ERROR', error: { status: 202, code: { toString: 1 } } }],
    [{ id: uuid(), action: 'ERROR', error: { code: 1, description: { toString: 1 } } }],
    [{ id: { toString: 1 }, action: 'CREATE_MESSAGE' }],
    [{ id: uuid(), action: 'CREATE_MESSAGE', data: { category: { toString: 1 } } }],
    [{ id: uuid(), action: 'CREATE_MESSAGE', data: message({ message_id: { toString: 1 }, category: { toString: 1 } }) }],
    [withId({ conversation_id: { toString: 1 }, user_id: { toString: 1 }, created_at: { toString: 1 } })],
    [withId({ category: 'PLAIN_IMAGE', data: { toString: 1 }, data_base64: { toString: 1 } })],
    // replies for ids never sent
    [{ id: uuid(), action: 'ACKNOWLEDGE_MESSAGE_RECEIPT' }],
    [{ id: uuid(), action: 'LIST_PENDING_MESSAGES' }],
    [{ id: uuid(), action: 'CREATE_MESSAGE', error: { status: 500, code: 500, description: 'a reply nobody asked for' } }],
    [{ id: uuid(), action: 'ACKNOWLEDGE_MESSAGE_RECEIPT', error: { status: 202, code: 10002 } }],
    [{ id: uuid(), action: 'SOMETHING_ELSE', params: { x: 1 } }],
  ];
  return { frames, ackable };
}
