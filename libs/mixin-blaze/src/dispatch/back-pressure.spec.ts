import { BackPressure, messageWeight } from './back-pressure.js';

const MIB = 1024 * 1024;

function gauge(limits = { highWaterMark: 10, lowWaterMark: 5, maxBufferedBytes: 100 * MIB }) {
  const changes: boolean[] = [];
  return { pressure: new BackPressure(limits, (paused) => changes.push(paused)), changes };
}

describe('BackPressure', () => {
  it('pauses when the count reaches the high-water mark and resumes only at the low-water mark', () => {
    const { pressure, changes } = gauge();
    for (let i = 0; i < 9; i++) pressure.add(1024);
    expect(changes).toEqual([]);
    pressure.add(1024);
    expect({ paused: pressure.paused, changes }).toEqual({ paused: true, changes: [true] });
    for (let i = 0; i < 4; i++) pressure.remove(1024); // 6 left: still above the low mark
    expect(changes).toEqual([true]);
    pressure.remove(1024); // 5: at the low mark
    expect({ paused: pressure.paused, changes }).toEqual({ paused: false, changes: [true, false] });
  });

  it('pauses on bytes alone and resumes once they fell to half the limit, whatever the count', () => {
    const { pressure, changes } = gauge({ highWaterMark: 1000, lowWaterMark: 500, maxBufferedBytes: 8 * MIB });
    pressure.add(3 * MIB);
    pressure.add(5 * MIB);
    expect(changes).toEqual([true]);
    pressure.remove(3 * MIB); // 5 MiB left: over half of 8
    expect(pressure.paused).toBe(true);
    pressure.add(1024);
    pressure.remove(5 * MIB); // 1 KiB left
    expect(changes).toEqual([true, false]);
  });

  it('needs both the count and the bytes back down before it resumes', () => {
    const { pressure, changes } = gauge({ highWaterMark: 4, lowWaterMark: 2, maxBufferedBytes: 8 * MIB });
    pressure.add(7 * MIB);
    for (let i = 0; i < 3; i++) pressure.add(1); // 4 messages: paused by count
    pressure.remove(1);
    pressure.remove(1); // count 2 (the low mark), but 7 MiB still buffered
    expect(pressure.paused).toBe(true);
    pressure.remove(7 * MIB);
    expect(changes).toEqual([true, false]);
  });

  it('tells each change once, however many messages arrive while paused', () => {
    const { pressure, changes } = gauge();
    for (let i = 0; i < 50; i++) pressure.add(1);
    for (let i = 0; i < 50; i++) pressure.remove(1);
    expect(changes).toEqual([true, false]);
  });

  it('keeps the current and peak counts and bytes', () => {
    const { pressure } = gauge();
    pressure.add(100);
    pressure.add(300);
    pressure.remove(100);
    expect({ current: pressure.current, bytes: pressure.currentBytes, peak: pressure.peak, peakBytes: pressure.peakBytes }).toEqual({
      current: 1,
      bytes: 300,
      peak: 2,
      peakBytes: 400,
    });
  });
});

describe('messageWeight', () => {
  it('is 1 KiB plus the base64 payload characters, counting data and data_base64 when both came', () => {
    expect(messageWeight({})).toBe(1024);
    expect(messageWeight({ data: 'abcd' })).toBe(1028);
    expect(messageWeight({ data: 'abcd', data_base64: 'abc' })).toBe(1031);
    expect(messageWeight({ data: 42, data_base64: null })).toBe(1024);
  });
});
