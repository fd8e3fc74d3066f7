import type { BlazeEmulator } from 'nestjs-mixin-blaze/testing';

const short = (id: string) => id.slice(0, 8);

/**
 * Plays a short conversation against the running bot through the emulator and prints, line by
 * line, what the user sends, what the bot replies and each acknowledgement the server receives.
 */
export async function playScriptedConversation(emu: BlazeEmulator, print: (line: string) => void): Promise<void> {
  emu.on('sent', (s) => print(`  <- bot replied ${s.category} in ${short(s.conversationId)}: "${s.text}" (via ${s.via})`));
  emu.on('ack', (a) => print(`  ok server received the ack of ${short(a.messageId)} (via ${a.via})`));

  const steps: Array<[string, Parameters<BlazeEmulator['userSends']>[0]]> = [
    ['text', { category: 'PLAIN_TEXT', payload: 'hello bot' }],
    [
      'image',
      {
        category: 'PLAIN_IMAGE',
        payload: { attachment_id: crypto.randomUUID(), mime_type: 'image/jpeg', width: 1024, height: 768, size: 123456, thumbnail: '' },
      },
    ],
    [
      'transfer snapshot',
      {
        category: 'SYSTEM_SAFE_SNAPSHOT',
        payload: {
          snapshot_id: crypto.randomUUID(),
          type: 'snapshot',
          user_id: emu.userId,
          opponent_id: emu.userId,
          transaction_hash: 'a'.repeat(64),
          asset_id: '4d8c508b-91c5-375b-92b0-ee702ed2dac5',
          amount: '0.01',
          memo: 'coffee',
          created_at: new Date().toISOString(),
        },
      },
    ],
    ['a command that always fails', { category: 'PLAIN_TEXT', payload: 'crash' }],
    ['malformed image (width is a string)', { category: 'PLAIN_IMAGE', payload: { attachment_id: 'nope', width: 'wide' } }],
  ];
  for (const [label, message] of steps) {
    const view = emu.userSends(message);
    print(`-> user sends ${label} ${message.category} ${short(view.message_id)}`);
    await emu.waitForAck(view.message_id, 10_000);
  }
}
