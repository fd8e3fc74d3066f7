import { messageFields } from './log-fields.js';

describe('messageFields', () => {
  const id = '6f1c8a52-7d0e-4d8b-9a55-0c1e2f3a4b5c';

  it('takes the id, conversation, category and handler of a message', () => {
    const conversation = 'a3b1c2d4-0000-4000-8000-000000000001';
    expect(messageFields(id, { conversation_id: conversation, data: 'c2VjcmV0' }, 'PLAIN_TEXT', 'H.onText')).toEqual({
      messageId: id,
      conversationId: conversation,
      category: 'PLAIN_TEXT',
      handler: 'H.onText',
    });
  });

  it('escapes and cuts wire text, and never carries the payload', () => {
    const fields = messageFields(id, { conversation_id: `x\n[Nest] forged ${'y'.repeat(200)}`, data: 'c2VjcmV0' }, 'PLAIN\u001b[31mTEXT');
    expect(fields.conversationId).toMatch(/^x\\n\[Nest\] forged y+…\(\d+ chars\)$/);
    expect(fields.conversationId!.length).toBeLessThan(90);
    expect(fields.category).toBe('PLAIN\\u001b[31mTEXT');
    expect(JSON.stringify(fields)).not.toContain('c2VjcmV0');
  });

  it('leaves out what the message does not have', () => {
    expect(messageFields(id, { conversation_id: 42 }, '')).toEqual({ messageId: id });
  });
});
