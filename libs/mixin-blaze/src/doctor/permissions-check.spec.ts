import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkPermissions } from './permissions-check.js';

describe('checkPermissions', () => {
  const dir = mkdtempSync(join(tmpdir(), 'doctor-perm-'));
  const file = (name: string, mode: number): string => {
    const path = join(dir, name);
    writeFileSync(path, '{}');
    chmodSync(path, mode);
    return path;
  };
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('passes a file only its owner can read', () => {
    expect(checkPermissions(file('private.json', 0o600))).toMatchObject({ status: 'ok', detail: expect.stringContaining('mode 600') });
    expect(checkPermissions(file('readonly.json', 0o400)).status).toBe('ok');
  });

  it('warns, with the chmod to run, when others can read it', () => {
    const path = file('open.json', 0o644);
    expect(checkPermissions(path)).toEqual({
      name: 'permissions',
      status: 'warn',
      detail: `${path} can be read by all users (mode 644), and it holds the bot's private key`,
      fix: `run: chmod 600 ${path}`,
    });
    expect(checkPermissions(file('group.json', 0o660)).detail).toContain('can be read or changed by its group (mode 660)');
  });

  it('quotes a path the shell would split', () => {
    expect(checkPermissions(file("my bot's key.json", 0o640)).fix).toBe(`run: chmod 600 '${dir}/my bot'\\''s key.json'`);
  });

  it('skips what it cannot judge: JSON from the environment, Windows', () => {
    expect(checkPermissions(undefined).status).toBe('skip');
    expect(checkPermissions(file('win.json', 0o644), 'win32').status).toBe('skip');
  });
});
