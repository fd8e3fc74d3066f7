import { parseRfc3339 } from './rfc3339.js';

// The general path alone, as it was before the digit-by-digit one: the reference to agree with.
const RFC3339 = /^(\d{4}-\d{2}-\d{2})[Tt ](\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?([Zz]|[+-]\d{2}:\d{2})$/;
function reference(value: string): number | undefined {
  const m = RFC3339.exec(value);
  if (m === null) return undefined;
  const millis = m[3] === undefined ? '000' : (m[3] + '00').slice(0, 3);
  const time = Date.parse(`${m[1]}T${m[2]}.${millis}${m[4] === 'z' ? 'Z' : m[4]}`);
  return Number.isNaN(time) ? undefined : time;
}

describe('parseRfc3339', () => {
  it('reads what Mixin sends, to the millisecond', () => {
    expect(parseRfc3339('2023-04-28T10:01:32.387507Z')?.toISOString()).toBe('2023-04-28T10:01:32.387Z');
    expect(parseRfc3339('2023-04-28T10:01:32.387507123Z')?.toISOString()).toBe('2023-04-28T10:01:32.387Z');
    expect(parseRfc3339('2023-04-28T10:01:32.3Z')?.toISOString()).toBe('2023-04-28T10:01:32.300Z');
    expect(parseRfc3339('2023-04-28T10:01:32Z')?.toISOString()).toBe('2023-04-28T10:01:32.000Z');
    expect(parseRfc3339('2023-04-28T12:01:32.5+02:00')?.toISOString()).toBe('2023-04-28T10:01:32.500Z');
  });

  it('agrees with the general path on every string, well-formed or not', () => {
    const samples = [
      '2023-02-29T00:00:00Z', '2024-02-29T00:00:00Z', '2023-13-01T00:00:00Z', '2023-00-10T00:00:00Z',
      '2023-01-32T00:00:00Z', '2023-01-31T24:00:00Z', '2023-01-31T23:60:00Z', '2023-01-31T23:59:60Z',
      '1969-12-31T23:59:59.999Z', '0099-01-01T00:00:00Z', '2023-01-01T00:00:00.Z', '2023-01-01T00:00:00.1234567890Z',
      '2023-01-01t00:00:00z', '2023-01-01 00:00:00Z', '2023-01-01T0a:00:00Z', '2023-01-01T00:00:00.12a4Z',
      '2023-1-01T00:00:00Z', '', 'Z', '2023-01-01T00:00:00', '2023-01-01T00:00:00+0200', ' 2023-01-01T00:00:00Z',
      '2023-01-0-T00:00:00Z', '2023-01-01T-1:00:00Z', '2023-01-01T00:-1:00Z', '2023-01-01T00:00:-1Z',
    ];
    let seed = 7;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    const pad = (v: number, w: number) => String(v).padStart(w, '0');
    for (let i = 0; i < 5000; i++) {
      const fraction = rand(12);
      samples.push(
        `${pad(1900 + rand(200), 4)}-${pad(rand(14), 2)}-${pad(rand(33), 2)}T${pad(rand(26), 2)}:${pad(rand(62), 2)}:${pad(rand(62), 2)}` +
          `${fraction === 0 ? '' : `.${pad(rand(10 ** Math.min(fraction, 9)), Math.min(fraction, 10))}`}${['Z', 'z', '+01:30', ''][rand(4)]}`,
      );
    }
    for (const s of samples) expect([s, parseRfc3339(s)?.getTime()]).toEqual([s, reference(s)]);
  });
});
