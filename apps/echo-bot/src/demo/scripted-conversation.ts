import type { BlazeEmulator } from 'nestjs-mixin-blaze/testing';

const short = (id: string) => id.slice(0, 8);
/** Bot output is untrusted: JSON quoting escapes newlines and terminal control characters. */
const quote = (text: string) => JSON.stringify(text.length > 100 ? `${text.slice(0, 100)}…` : text);

/**
 * Prints every message a user sends, what the bot replies and each acknowledgement the server
 * receives, for as long as the emulator runs: the scripted conversation and the playground's alike.
 */
export function narrate(emu: BlazeEmulator, names: ReadonlyMap<string, string>, print: (line: string) => void): void {
  const who = (userId: string) => names.get(userId) ?? `user ${short(userId)}`;
  emu.on('message', (m) => {
    const text = m.category === 'PLAIN_TEXT' && m.data ? ` ${quote(Buffer.from(m.data, 'base64').toString('utf8'))}` : '';
    print(`-> ${who(m.user_id)} sends ${m.category} ${short(m.message_id)}${text}`);
  });
  emu.on('sent', (s) => print(`<- bot replies ${s.category} in ${short(s.conversationId)}: ${quote(s.text)} (via ${s.via})`));
  emu.on('ack', (a) => print(`ok the server got the ack of ${short(a.messageId)} (via ${a.via})`));
}

/** Plays a short conversation against the running bot through the emulator, one step at a time. */
export async function playScriptedConversation(emu: BlazeEmulator, print: (line: string) => void): Promise<void> {
  const steps: Array<[string, Parameters<BlazeEmulator['userSends']>[0]]> = [
    ['a text', { category: 'PLAIN_TEXT', payload: 'hello bot' }],
    [
      'an image',
      {
        category: 'PLAIN_IMAGE',
        payload: { attachment_id: crypto.randomUUID(), mime_type: 'image/jpeg', width: 1024, height: 768, size: 123456, thumbnail: '' },
      },
    ],
    [
      'a transfer snapshot',
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
    ['a command that always fails: retried, then set aside as a dead letter and acked', { category: 'PLAIN_TEXT', payload: 'crash' }],
    ['a malformed image (width is a string): invalid, set aside and acked', { category: 'PLAIN_IMAGE', payload: { attachment_id: 'nope', width: 'wide' } }],
  ];
  for (const [i, [label, message]] of steps.entries()) {
    print('');
    print(`${i + 1}. ${label}`);
    const view = emu.userSends(message);
    await emu.waitForAck(view.message_id, 10_000);
  }
  print('');
}
