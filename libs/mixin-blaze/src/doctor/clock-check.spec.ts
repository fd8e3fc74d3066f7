import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { checkClock, judgeSkew } from './clock-check.js';
import { describeSkew, readServerTime } from '../transport/server-time.js';

describe('readServerTime', () => {
  it('prefers X-Server-Time (nanoseconds), else the middle of the Date header\'s second', () => {
    expect(readServerTime({ 'x-server-time': '1732400000123456789', date: 'Sat, 23 Nov 2024 22:13:20 GMT' })).toEqual({ ms: 1732400000123, source: 'X-Server-Time' });
    expect(readServerTime({ date: 'Sat, 23 Nov 2024 22:13:20 GMT' })).toEqual({ ms: 1732400000500, source: 'Date' });
    expect(readServerTime({ 'x-server-time': 'soon', date: 'never' })).toBeUndefined();
  });
});

describe('judgeSkew', () => {
  it('is OK within 30 s, a warning up to 5 minutes, a failure beyond', () => {
    expect(judgeSkew(29_000, 'Date').status).toBe('ok');
    expect(judgeSkew(-120_000, 'Date')).toMatchObject({ status: 'warn', detail: expect.stringContaining('120 s behind the server\'s') });
    expect(judgeSkew(600_400, 'X-Server-Time')).toMatchObject({
      status: 'fail',
      detail: 'this machine\'s clock is 600 s ahead of the server\'s (X-Server-Time)',
      fix: expect.stringContaining('fix the clock'),
    });
  });

  it('says when the clocks agree', () => {
    expect(describeSkew(-400)).toBe('within 1 s of the server\'s');
  });
});

describe('checkClock', () => {
  let server: Server;
  let url: string;
  let date: string;
  beforeAll(async () => {
    server = createServer((_req, res) => {
      res.setHeader('Date', date);
      res.writeHead(401).end('{}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('reads the Date of an unsigned GET /me, whatever its status', async () => {
    date = new Date(Date.now() - 3_600_000).toUTCString();
    const finding = await checkClock(url, 2_000);
    expect(finding.result).toMatchObject({ status: 'fail', detail: expect.stringMatching(/clock is 360\d s ahead of the server's \(Date header of http:\/\/127\.0\.0\.1:\d+\/me\)/) });
    expect(finding.skewMs).toBeGreaterThan(3_599_000);
  });

  it('fails, naming the error, when the server cannot be reached', async () => {
    const finding = await checkClock('http://127.0.0.1:1', 2_000);
    expect(finding).toEqual({ result: expect.objectContaining({ status: 'fail', detail: expect.stringContaining('ECONNREFUSED') }) });
  });
});
