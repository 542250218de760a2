import { describe, expect, it } from 'vitest';
import { addressKey, createRateLimiter } from './rateLimit';

describe('rate limit of refused requests', () => {
  it('serves an address until its refusals are used up, then says how long to wait, and earns them back', () => {
    let now = 0;
    const limiter = createRateLimiter({ burst: 3, perMinute: 6, clock: () => now });
    for (let i = 0; i < 3; i++) {
      expect(limiter.waitSeconds('192.0.2.1')).toBe(0);
      limiter.refused('192.0.2.1');
    }
    expect(limiter.waitSeconds('192.0.2.1')).toBeCloseTo(10);
    expect(limiter.waitSeconds('192.0.2.2')).toBe(0);
    now += 4_000;
    expect(limiter.waitSeconds('192.0.2.1')).toBeCloseTo(6);
    now += 6_000;
    expect(limiter.waitSeconds('192.0.2.1')).toBe(0);
  });

  it('counts an IPv6 address by its /64 and an IPv4-mapped address as IPv4', () => {
    expect(addressKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8:1:2:bbbb:cccc:dddd:eeee')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(addressKey('::ffff:192.0.2.7')).toBe('192.0.2.7');
    expect(addressKey('192.0.2.7')).toBe('192.0.2.7');
    let now = 0;
    const limiter = createRateLimiter({ burst: 1, perMinute: 1, clock: () => now });
    limiter.refused('2001:db8:1:2::1');
    expect(limiter.waitSeconds('2001:db8:1:2::ffff')).toBeGreaterThan(0);
    expect(limiter.waitSeconds('2001:db8:1:3::1')).toBe(0);
    now += 60_000;
    expect(limiter.waitSeconds('2001:db8:1:2::ffff')).toBe(0);
  });
});
