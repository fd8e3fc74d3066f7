import { Logger } from '@nestjs/common';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KeystoreError, readKeystoreFile } from 'nestjs-mixin-blaze';
import { generateTestKeystore } from 'nestjs-mixin-blaze/testing';
import { CaptureLogger } from './support/capture-logger.js';
import { startBot } from './support/bot-app.js';
import { BlazeEmulator } from 'nestjs-mixin-blaze/testing';

describe('keystore files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'keystore-'));
  const logs = new CaptureLogger();
  beforeAll(() => Logger.overrideLogger(logs));
  afterAll(() => {
    Logger.overrideLogger(new Logger());
    rmSync(dir, { recursive: true, force: true });
  });

  it('warns when other users can read the file, never printing its content', () => {
    const ks = generateTestKeystore();
    const path = join(dir, 'open.json');
    writeFileSync(path, JSON.stringify(ks));
    chmodSync(path, 0o644);
    expect(JSON.parse(readKeystoreFile(path))).toEqual(ks);
    const warnings = logs.find('warn', path, 'chmod 600');
    expect(warnings).toHaveLength(1);
    expect(warnings[0].text).not.toContain(ks.session_private_key);
  });

  it('reads a file saved with a UTF-8 byte order mark (as Windows editors do)', async () => {
    const emu = await BlazeEmulator.start();
    const path = join(dir, 'bom.json');
    writeFileSync(path, `\uFEFF${JSON.stringify(emu.keystore)}`);
    chmodSync(path, 0o600);
    const bot = await startBot(emu, [], { keystore: readKeystoreFile(path) });
    await emu.waitFor(() => bot.blaze.state === 'open', 5_000, 'the bot to connect');
    await bot.close();
    await emu.close();
  });

  it('reads a private (0600) file without a warning', () => {
    const path = join(dir, 'private.json');
    writeFileSync(path, JSON.stringify(generateTestKeystore()));
    chmodSync(path, 0o600);
    readKeystoreFile(path);
    expect(logs.find('warn', path)).toHaveLength(0);
  });

  it('a file with a broken key fails startup naming the field, without the secret', async () => {
    const emu = await BlazeEmulator.start();
    const path = join(dir, 'broken.json');
    const secret = 'ab'.repeat(31);
    writeFileSync(path, JSON.stringify({ ...emu.keystore, session_private_key: secret }));
    chmodSync(path, 0o600);
    const failure = startBot(emu, [], { keystore: readKeystoreFile(path) });
    await expect(failure).rejects.toBeInstanceOf(KeystoreError);
    await failure.catch((err: Error) => {
      expect(err.message).toContain('"session_private_key"');
      expect(err.message).not.toContain(secret);
    });
    await emu.close();
  });
});
