import { BlazeOptionsError } from '../options/blaze-options.error.js';
import { resolveClusterOptions } from './cluster-options.js';
import { partitionOf } from './cluster-keys.js';

describe('resolveClusterOptions', () => {
  it('is off without cluster, and fills defaults from the lease', () => {
    expect(resolveClusterOptions(undefined, 32)).toBeUndefined();
    const o = resolveClusterOptions({ redis: 'redis://127.0.0.1:6379' }, 32)!;
    expect(o).toMatchObject({ leaseMs: 10_000, renewMs: 2_500, fenceMarginMs: 2_000, pollMs: 1_000, partitions: 16, work: true, prefetch: 64, keyPrefix: 'mixin-blaze' });
    // The fence falls well after the renewals: three may fail before the leader lets go.
    expect(o.leaseMs - o.fenceMarginMs).toBeGreaterThan(3 * o.renewMs);
  });

  const L = 'redis://localhost:6379';
  it.each<[string, unknown]>([
    ['cluster', 'nope'],
    ['cluster.redis', {}],
    ['cluster.redis', { redis: 'http://127.0.0.1:6379' }],
    ['cluster.redis', { redis: 'redis://:s3cret-pass@redis.example.com:6379' }],
    ['cluster.redis', { redis: { host: 'redis.example.com', password: 's3cret-pass' } }],
    ['cluster.leaseMs', { redis: L, leaseMs: 100 }],
    ['cluster.partitions', { redis: L, partitions: 0 }],
    ['cluster.prefetch', { redis: L, prefetch: 1.5 }],
    ['cluster.work', { redis: L, work: 'yes' }],
    ['cluster.keyPrefix', { redis: L, keyPrefix: 'has space' }],
    ['cluster.replicaId', { redis: L, replicaId: 'x'.repeat(101) }],
  ])('names %s and never echoes the value', (field, input) => {
    let error: unknown;
    try {
      resolveClusterOptions(input, 32);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(BlazeOptionsError);
    expect((error as BlazeOptionsError).field).toBe(field);
    expect((error as Error).message).not.toContain('s3cret');
    expect((error as Error).message).not.toContain('example.com');
  });

  it('accepts rediss:// anywhere and plaintext to loopback', () => {
    expect(resolveClusterOptions({ redis: 'rediss://:pw@redis.example.com:6380/1' }, 8)?.redis).toContain('rediss://');
    expect(resolveClusterOptions({ redis: { host: 'redis.example.com', tls: {} } }, 8)).toBeDefined();
    expect(resolveClusterOptions({ redis: 'redis://localhost' }, 8)).toBeDefined();
  });
});

describe('partitionOf', () => {
  it('maps a conversation to one partition, and spreads many', () => {
    const id = '00000000-0000-4000-8000-000000000001';
    expect(partitionOf(id, 16)).toBe(partitionOf(id, 16));
    const seen = new Set<number>();
    for (let i = 0; i < 200; i++) seen.add(partitionOf(`00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, 16));
    expect(seen.size).toBe(16);
  });
});
