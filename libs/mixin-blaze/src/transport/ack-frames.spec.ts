import { ACK_ACTION, ackFrameText } from './ack-frames.js';

describe('ackFrameText', () => {
  it('writes exactly what JSON.stringify writes for the ack frame', () => {
    const requestId = '6f1c0000-0000-4000-8000-000000000001';
    const messageId = '928c5c40-769c-3e97-8387-fb1ae0645311';
    expect(ackFrameText(requestId, messageId)).toBe(
      JSON.stringify({ id: requestId, action: 'ACKNOWLEDGE_MESSAGE_RECEIPT', params: { message_id: messageId, status: 'READ' } }),
    );
    expect(ACK_ACTION).toBe('ACKNOWLEDGE_MESSAGE_RECEIPT');
  });

  it('stays valid JSON whatever the message id holds', () => {
    const odd = 'a"b\\c\n\u2028';
    expect(JSON.parse(ackFrameText('r', odd)).params.message_id).toBe(odd);
  });
});
