import { randomUUID } from 'node:crypto';
import { isUuid, md5Uuid } from './uuid.js';

// The shape isUuid must accept, written the obvious way: the loop must agree with it on any input.
const SHAPE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

describe('isUuid', () => {
  it('accepts UUIDs of any version and either case', () => {
    for (const id of [randomUUID(), randomUUID().toUpperCase(), md5Uuid('x'), '00000000-0000-0000-0000-000000000000', 'ABCDEF01-abcd-EF01-2345-6789abcdefAB']) {
      expect(isUuid(id)).toBe(true);
    }
  });

  it.each([
    ['not a string', 42],
    ['undefined', undefined],
    ['empty', ''],
    ['one short', randomUUID().slice(1)],
    ['one long', `${randomUUID()}0`],
    ['no dashes', randomUUID().replace(/-/g, '').padEnd(36, '0')],
    ['a dash moved', '0000000-00000-0000-0000-000000000000'],
    ['a non-hex letter', '0000000g-0000-0000-0000-000000000000'],
    ['braces', '{00000000-0000-0000-0000-00000000000}'],
    ['a newline', '00000000-0000-0000-0000-00000000000\n'],
    ['a wide character that ORs into a-f', '00000000-0000-0000-0000-00000000000\u0141'],
  ])('refuses %s', (_label, value) => {
    expect(isUuid(value)).toBe(false);
  });

  it('agrees with the regular expression on random near-UUIDs', () => {
    const alphabet = '0123456789abcdefABCDEFgG-{} \u0141\u0041\u0066';
    for (let n = 0; n < 20_000; n++) {
      const chars = [...randomUUID()];
      for (let k = 0; k < 1 + (n % 3); k++) chars[(n * 7 + k * 13) % 36] = alphabet[(n * 31 + k) % alphabet.length];
      const value = chars.join('');
      expect([value, isUuid(value)]).toEqual([value, SHAPE.test(value)]);
    }
  });
});
