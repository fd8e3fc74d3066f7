import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { BlazeEmulator, generateTestKeystore, type TestKeystore } from 'nestjs-mixin-blaze/testing';
import { main } from '../libs/mixin-blaze/src/doctor/main.js';
// @ts-expect-error plain JS module shared with jest's globalTeardown
import { findSecrets } from './support/secret-patterns.mjs';
import { recordSuiteLog } from './support/suite-log.js';

/**
 * `nestjs-mixin-blaze doctor` (issue 13 §4) against the emulator: as the bin in a child process
 * (ESM through the TypeScript loader, and compiled to CommonJS as the package will also ship it)
 * and through main() in-process. Every output line is checked for keys and tokens.
 */
const root = fileURLToPath(new URL('../', import.meta.url));
const CLI = 'libs/mixin-blaze/src/doctor/cli.ts';
const CHILD_TIMEOUT_MS = 20_000;

interface Run {
  code: number | null;
  lines: string[];
  errors: string[];
}

/** Runs main() as the bin would, collecting its lines. */
async function doctor(args: string[], env: Record<string, string> = {}): Promise<Run> {
  const lines: string[] = [];
  const errors: string[] = [];
  const code = await main(['doctor', ...args], { stdout: (l) => lines.push(...l.split('\n')), stderr: (l) => errors.push(l), env });
  recordSuiteLog('doctor', [...lines, ...errors].join('\n'));
  return { code, lines, errors };
}

/** Runs `node <entry...> doctor <args>` in a child process. */
function doctorChild(entry: string[], args: string[], env: Record<string, string> = {}): Promise<Run> {
  const { MIXIN_KEYSTORE: _ignored, ...inherited } = process.env;
  const child = spawn(process.execPath, [...entry, 'doctor', ...args], { cwd: root, env: { ...inherited, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const timer = setTimeout(() => child.kill('SIGKILL'), CHILD_TIMEOUT_MS);
  return new Promise((done, reject) => {
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      recordSuiteLog('doctor-cli', stdout + stderr);
      done({ code, lines: stdout.split('\n').filter(Boolean), errors: stderr.split('\n').filter(Boolean) });
    });
  });
}

/** The report line of one check, e.g. `check(run, 'clock')`. */
function check(run: Run, name: string): { status: string; text: string } {
  const text = run.lines.find((l) => new RegExp(`^[A-Z]+ +${name.replace('/', '\\/')} `).test(l));
  if (!text) throw new Error(`no "${name}" line in:\n${run.lines.join('\n')}`);
  return { status: text.split(' ')[0], text };
}

function statuses(run: Run): string[] {
  return ['keystore', 'permissions', 'clock', 'GET /me', 'Blaze'].map((name) => check(run, name).status);
}

/** No line carries a session key (hex), a JWT, a Bearer token or an Authorization header. */
function expectNoSecrets(run: Run, ...keystores: TestKeystore[]): void {
  expect(run.lines.length + run.errors.length).toBeGreaterThan(0);
  for (const line of [...run.lines, ...run.errors]) {
    expect(findSecrets(line)).toEqual([]);
    for (const ks of keystores) expect(line).not.toContain(ks.session_private_key);
  }
}

describe('nestjs-mixin-blaze doctor', () => {
  const dir = mkdtempSync(join(tmpdir(), 'doctor-'));
  let emu: BlazeEmulator;
  const writeKeystore = (name: string, content: object, mode = 0o600): string => {
    const path = join(dir, name);
    writeFileSync(path, JSON.stringify(content, null, 2));
    chmodSync(path, mode);
    return path;
  };
  const urls = () => ['--api-url', emu.apiUrl, '--blaze-url', emu.blazeUrl, '--timeout-ms', '5000'];

  afterEach(() => emu?.close());
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('passes a good keystore (the bin, exit 0), opening Blaze once without taking any message', async () => {
    emu = await BlazeEmulator.start();
    const waiting = emu.userSendsText('queued before the doctor ran');
    const run = await doctorChild(['--import', './scripts/ts-loader.mjs', CLI], ['--keystore', writeKeystore('good.json', emu.keystore), ...urls()]);
    expect(run).toMatchObject({ code: 0, errors: [] });
    expect(statuses(run)).toEqual(['OK', 'OK', 'OK', 'OK', 'OK']);
    expect(check(run, 'Blaze').text).toContain('closed cleanly');
    expect(run.lines.at(-1)).toBe('Summary: all 5 checks passed.');
    // One signed GET /me and one upgrade, both accepted; the socket was closed, nothing delivered or acked.
    expect(emu.tokens.filter((t) => t.valid).map((t) => `${t.method} ${t.path}`)).toEqual(['GET /me', 'GET /']);
    expect(emu.connections).toBe(1);
    await emu.waitFor(() => emu.openConnections === 0, 5_000, 'the doctor to close its socket');
    expect(emu.deliveries(waiting.message_id)).toBe(0);
    expect(emu.acks).toHaveLength(0);
    expectNoSecrets(run, emu.keystore);
  });

  it('a key of another session: GET /me and Blaze refused (401), the hint names the key', async () => {
    emu = await BlazeEmulator.start();
    const wrong = generateTestKeystore({ app_id: emu.keystore.app_id, session_id: emu.keystore.session_id });
    const run = await doctor(['--keystore', writeKeystore('wrong.json', wrong), ...urls()]);
    expect(run.code).toBe(1);
    expect(statuses(run)).toEqual(['OK', 'OK', 'OK', 'FAIL', 'FAIL']);
    expect(check(run, 'GET /me').text).toMatch(/code 401.*Fix: the clocks agree within \d+ s, so the key is wrong: session_private_key must be the key of session_id/);
    expect(check(run, 'Blaze').text).toContain('refused the upgrade with HTTP 401');
    expect(emu.tokens.filter((t) => t.reason === 'bad signature')).toHaveLength(2);
    expectNoSecrets(run, wrong, emu.keystore);
  });

  it('a clock 10 minutes off: names the skew in seconds and says to fix the clock', async () => {
    emu = await BlazeEmulator.start({ clockSkewMs: -600_000 });
    const run = await doctor(['--keystore', writeKeystore('skew.json', emu.keystore), ...urls()]);
    expect(run.code).toBe(1);
    expect(check(run, 'clock')).toEqual({ status: 'FAIL', text: expect.stringMatching(/clock is 600 s ahead of the server's \(X-Server-Time .*fix the clock/) });
    // The emulator judges tokens by its own clock, as Mixin does: the 401s blame the clock, not the key.
    expect(check(run, 'GET /me').text).toMatch(/FAIL .*Fix: this machine's clock is 600 s ahead of the server's.*fix the clock/);
    expect(check(run, 'Blaze').text).toMatch(/FAIL .*HTTP 401.*fix the clock/);
    expectNoSecrets(run, emu.keystore);
  });

  it('a refused upgrade fails the Blaze check only', async () => {
    emu = await BlazeEmulator.start();
    emu.faults.rejectAuth('upgrade');
    const run = await doctor(['--keystore', writeKeystore('upgrade.json', emu.keystore), ...urls()]);
    expect(run.code).toBe(1);
    expect(statuses(run)).toEqual(['OK', 'OK', 'OK', 'OK', 'FAIL']);
    expect(check(run, 'Blaze').text).toContain(`${emu.blazeUrl} refused the upgrade with HTTP 401`);
    expect(run.lines.at(-1)).toBe('Summary: 1 of 5 checks failed (Blaze).');
    expectNoSecrets(run, emu.keystore);
  });

  it.each([
    ['an ERROR 401 frame after the upgrade', (e: BlazeEmulator) => e.faults.rejectAuth('frame'), 'accepted the upgrade, then sent ERROR 401'],
    ['a close right after the upgrade', (e: BlazeEmulator) => e.socketFaults.onOpen({ close: 1008, reason: 'policy' }), 'closed the connection right after opening it (code 1008, policy)'],
  ])('%s fails the Blaze check', async (_what, fault, text) => {
    emu = await BlazeEmulator.start();
    fault(emu);
    const run = await doctor(['--keystore', writeKeystore('after-open.json', emu.keystore), ...urls()]);
    expect(run.code).toBe(1);
    expect(check(run, 'Blaze')).toEqual({ status: 'FAIL', text: expect.stringContaining(text) });
  });

  it('a keystore missing a field: named, nothing secret printed, the key checks skipped', async () => {
    emu = await BlazeEmulator.start();
    const { session_id: _dropped, ...broken } = emu.keystore;
    const run = await doctorChild(['--import', './scripts/ts-loader.mjs', CLI], ['--keystore', writeKeystore('broken.json', broken), ...urls()]);
    expect(run.code).toBe(1);
    expect(check(run, 'keystore').text).toMatch(/^FAIL +keystore +\S+broken\.json is missing "session_id"\. Fix: download the keystore again/);
    expect(statuses(run)).toEqual(['FAIL', 'OK', 'OK', 'SKIP', 'SKIP']);
    expect(emu.tokens.filter((t) => t.claims !== null)).toHaveLength(0);
    expectNoSecrets(run, emu.keystore);
  });

  it('reads the JSON itself from MIXIN_KEYSTORE, and names a bad field without its value', async () => {
    emu = await BlazeEmulator.start();
    const good = await doctor(urls(), { MIXIN_KEYSTORE: JSON.stringify(emu.keystore) });
    expect(good.code).toBe(0);
    expect(check(good, 'permissions').text).toContain('came as JSON in MIXIN_KEYSTORE');
    const bad = await doctor(urls(), { MIXIN_KEYSTORE: JSON.stringify({ ...emu.keystore, session_private_key: emu.keystore.session_private_key.slice(2) }) });
    expect(check(bad, 'keystore').text).toContain('MIXIN_KEYSTORE: "session_private_key" must be the hex Ed25519 seed');
    expectNoSecrets(bad, emu.keystore);
    expect(bad.lines.join('\n')).not.toContain(emu.keystore.session_private_key.slice(2));
  });

  it('a world-readable keystore file: a warning with the chmod 600 to run (exit 0)', async () => {
    emu = await BlazeEmulator.start();
    const path = writeKeystore('open.json', emu.keystore, 0o644);
    const run = await doctor(['--keystore', path, ...urls()]);
    expect(run.code).toBe(0);
    expect(check(run, 'permissions').text).toBe(
      `WARN  permissions  ${path} can be read by all users (mode 644), and it holds the bot's private key. Fix: run: chmod 600 ${path}`,
    );
    expect(run.lines.at(-1)).toBe('Summary: all 5 checks passed, with 1 warning (permissions).');
  });

  it('a usage error exits 2 on stderr; --help prints the usage', async () => {
    const usage = await doctorChild(['--import', './scripts/ts-loader.mjs', CLI], ['--api-url', 'http://api.example.com']);
    expect(usage).toMatchObject({ code: 2, lines: [] });
    expect(usage.errors[0]).toBe('nestjs-mixin-blaze: --keystore <path> is required (or set MIXIN_KEYSTORE to a path or to the keystore JSON)');
    const help = await doctor(['--help']);
    expect(help.code).toBe(0);
    expect(help.lines[0]).toBe('Usage: nestjs-mixin-blaze doctor --keystore <path> [options]');
  });

  it('runs compiled to CommonJS (no import.meta, no top-level await, no ESM-only import)', async () => {
    emu = await BlazeEmulator.start();
    const out = join(root, '.scratch', `doctor-cjs-${process.pid}`);
    try {
      compileToCommonJs(join(root, CLI), out);
      const run = await doctorChild([join(out, 'doctor/cli.js')], ['--keystore', writeKeystore('cjs.json', emu.keystore), ...urls()]);
      expect(run).toMatchObject({ code: 0, errors: [] });
      expect(statuses(run)).toEqual(['OK', 'OK', 'OK', 'OK', 'OK']);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});

/**
 * Transpiles `entry` and every local module it imports to CommonJS under `outDir` (a folder of the
 * repository, so that `ws` resolves from its node_modules), marked `"type": "commonjs"`.
 */
function compileToCommonJs(entry: string, outDir: string): void {
  const srcRoot = join(root, 'libs/mixin-blaze/src');
  const queue = [entry];
  const seen = new Set<string>();
  for (let file = queue.pop(); file !== undefined; file = queue.pop()) {
    if (seen.has(file)) continue;
    seen.add(file);
    const source = readFileSync(file, 'utf8');
    const options = { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true };
    const target = join(outDir, relative(srcRoot, file)).replace(/\.ts$/, '.js');
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, ts.transpileModule(source, { compilerOptions: options, fileName: file }).outputText);
    for (const { fileName } of ts.preProcessFile(source).importedFiles) {
      if (fileName.startsWith('.')) queue.push(resolve(dirname(file), fileName.replace(/\.js$/, '.ts')));
    }
  }
  writeFileSync(join(outDir, 'package.json'), '{ "type": "commonjs" }\n');
}
