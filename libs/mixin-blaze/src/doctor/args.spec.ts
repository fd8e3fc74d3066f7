import { parseDoctorArgs } from './args.js';

const KEY_HEX = 'ab'.repeat(32);

describe('parseDoctorArgs', () => {
  it('defaults to Mixin\'s endpoints and a 10 s deadline', () => {
    const parsed = parseDoctorArgs(['doctor', '--keystore', './ks.json'], {});
    expect(parsed).toEqual({
      kind: 'run',
      config: { keystore: { kind: 'file', path: './ks.json' }, apiUrl: 'https://api.mixin.one', blazeUrl: 'wss://blaze.mixin.one/', timeoutMs: 10_000 },
    });
  });

  it('takes the endpoints and deadline given, plaintext only to loopback', () => {
    const parsed = parseDoctorArgs(['doctor', '--keystore=k.json', '--api-url', 'http://127.0.0.1:9/', '--blaze-url', 'ws://localhost:9/', '--timeout-ms', '2500'], {});
    expect(parsed).toMatchObject({ kind: 'run', config: { apiUrl: 'http://127.0.0.1:9', blazeUrl: 'ws://localhost:9/', timeoutMs: 2500 } });
    const remote = parseDoctorArgs(['doctor', '--keystore', 'k.json', '--api-url', 'http://api.example.com'], {});
    expect(remote).toEqual({ kind: 'usage-error', message: expect.stringMatching(/^--api-url uses plaintext http:\/\/ to the non-loopback host "api\.example\.com"/) });
  });

  it('reads MIXIN_KEYSTORE as a path, or as the JSON itself', () => {
    expect(parseDoctorArgs(['doctor'], { MIXIN_KEYSTORE: '/etc/bot/ks.json' })).toMatchObject({ config: { keystore: { kind: 'file', path: '/etc/bot/ks.json' } } });
    const json = `{"app_id":"x","session_private_key":"${KEY_HEX}"}`;
    expect(parseDoctorArgs(['doctor'], { MIXIN_KEYSTORE: ` ${json}` })).toMatchObject({ config: { keystore: { kind: 'json', text: ` ${json}` } } });
    // The flag wins over the environment.
    expect(parseDoctorArgs(['doctor', '--keystore', 'a.json'], { MIXIN_KEYSTORE: json })).toMatchObject({ config: { keystore: { kind: 'file', path: 'a.json' } } });
  });

  it('refuses keystore JSON on the command line, without echoing it', () => {
    const parsed = parseDoctorArgs(['doctor', '--keystore', `{"session_private_key":"${KEY_HEX}"}`], {});
    expect(parsed).toEqual({ kind: 'usage-error', message: expect.stringContaining('set MIXIN_KEYSTORE') });
    expect(JSON.stringify(parsed)).not.toContain(KEY_HEX);
  });

  it.each([
    [[], 'missing the command: doctor'],
    [['doctor'], '--keystore <path> is required'],
    [['doctor', '--keystore'], '--keystore needs a value'],
    [['check', '--keystore', 'k'], 'the only command is: doctor'],
    [['doctor', '--keystore', 'k', '--timeout-ms', '0'], '--timeout-ms must be a whole number'],
    [['doctor', '--keystore', 'k', '--timeout-ms', '1e3'], '--timeout-ms must be a whole number'],
  ])('%j is a usage error: %s', (argv, message) => {
    expect(parseDoctorArgs(argv, {})).toEqual({ kind: 'usage-error', message: expect.stringContaining(message) });
  });

  it('names an unknown option or a stray word, never the value typed with it', () => {
    const unknown = parseDoctorArgs(['doctor', `--key=${KEY_HEX}`], {});
    expect(unknown).toEqual({ kind: 'usage-error', message: 'unknown option --key' });
    const stray = parseDoctorArgs(['doctor', KEY_HEX, '--keystore', 'k'], {});
    expect(stray).toEqual({ kind: 'usage-error', message: 'the only command is: doctor' });
  });

  it('asks for help with --help or -h, whatever else is there', () => {
    expect(parseDoctorArgs(['doctor', '-h'], {})).toEqual({ kind: 'help' });
    expect(parseDoctorArgs(['--help'], {})).toEqual({ kind: 'help' });
  });
});
