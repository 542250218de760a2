import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Hlc, compareHlc, formatHlc, initialHlc, parseHlc, receive, tick } from './hlc';

const A = '00000000000000aa';
const B = '00000000000000bb';

describe('hybrid logical clock', () => {
  it('writes a fixed-width timestamp that parses back', () => {
    const t = formatHlc({ millis: 1_796_000_000_000, counter: 7, node: A });
    expect(t).toBe(`001796000000000-000007-${A}`);
    expect(Hlc.safeParse(t).success).toBe(true);
    expect(parseHlc(t)).toEqual({ millis: 1_796_000_000_000, counter: 7, node: A });
  });

  it('moves forward with the wall clock, and counts within one millisecond or when the clock goes back', () => {
    const first = tick(initialHlc(A), 1000);
    expect(first).toEqual({ millis: 1000, counter: 0, node: A });
    expect(tick(first, 1000)).toEqual({ millis: 1000, counter: 1, node: A });
    expect(tick(first, 900)).toEqual({ millis: 1000, counter: 1, node: A });
  });

  it('after receiving, is later than both its own last timestamp and the remote one', () => {
    const mine = { millis: 1000, counter: 3, node: A };
    const theirs = { millis: 1000, counter: 5, node: B };
    expect(receive(mine, theirs, 500)).toEqual({ millis: 1000, counter: 6, node: A });
    expect(receive(mine, { millis: 2000, counter: 0, node: B }, 1500)).toEqual({ millis: 2000, counter: 1, node: A });
  });

  it('refuses a remote timestamp more than a day ahead', () => {
    expect(() => receive(initialHlc(A), { millis: 10 * 86_400_000, counter: 0, node: B }, 0)).toThrow(/more than a day ahead/);
  });

  it('orders every sequence of local and received events strictly (property test)', () => {
    const event = fc.oneof(
      fc.record({ kind: fc.constant('tick' as const), wall: fc.integer({ min: 0, max: 5000 }) }),
      fc.record({
        kind: fc.constant('receive' as const),
        wall: fc.integer({ min: 0, max: 5000 }),
        millis: fc.integer({ min: 0, max: 5000 }),
        counter: fc.integer({ min: 0, max: 999_999 }),
      }),
    );
    fc.assert(
      fc.property(fc.array(event, { minLength: 1, maxLength: 50 }), (events) => {
        let state = initialHlc(A);
        let last = formatHlc(state);
        for (const e of events) {
          const remote = e.kind === 'receive' ? { millis: e.millis, counter: e.counter, node: B } : undefined;
          state = remote ? receive(state, remote, e.wall) : tick(state, e.wall);
          const now = formatHlc(state);
          if (compareHlc(now, last) <= 0) return false;
          if (remote && compareHlc(now, formatHlc(remote)) <= 0) return false;
          last = now;
        }
        return true;
      }),
    );
  });
});
