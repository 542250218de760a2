// Hybrid logical clock timestamps for synced records (DESIGN.md "Sync of notes and decisions"):
// wall-clock milliseconds, a counter for events in the same millisecond (or when the clock
// went backwards), and the id of the node that made it. Written as one fixed-width string, so
// that comparing two timestamps is comparing two strings, and every timestamp of one node is
// strictly greater than the last one it made or saw. Pure: the wall clock is passed in.
import { z } from 'zod';

/** A node (device) id: 16 lowercase hex characters (8 random bytes). */
export const NodeId = z.string().regex(/^[0-9a-f]{16}$/, 'must be 16 lowercase hex characters');

/** `<15-digit milliseconds>-<6-digit counter>-<node id>`. */
export const Hlc = z.string().regex(/^\d{15}-\d{6}-[0-9a-f]{16}$/, 'must be a hybrid logical clock timestamp');
export type Hlc = z.infer<typeof Hlc>;

export type HlcState = { millis: number; counter: number; node: string };

/** Largest counter value; a node that makes a million events in one millisecond waits for the next. */
const MAX_COUNTER = 999_999;
/** A remote timestamp more than this far ahead of our clock is refused: its node's clock is wrong. */
export const MAX_DRIFT_MS = 24 * 60 * 60 * 1000;

export function formatHlc(state: HlcState): Hlc {
  return `${String(state.millis).padStart(15, '0')}-${String(state.counter).padStart(6, '0')}-${state.node}`;
}

export function parseHlc(hlc: string): HlcState {
  const parsed = Hlc.safeParse(hlc);
  if (!parsed.success) throw new Error(`"${hlc.slice(0, 60)}" is not a hybrid logical clock timestamp`);
  const [millis, counter, node] = hlc.split('-') as [string, string, string];
  return { millis: Number(millis), counter: Number(counter), node };
}

/** A clock that starts at nothing for `node`. */
export function initialHlc(node: string): HlcState {
  NodeId.parse(node);
  return { millis: 0, counter: 0, node };
}

/** The next timestamp of a local event: later than `last` and not before the wall clock. */
export function tick(last: HlcState, wallMillis: number): HlcState {
  if (wallMillis > last.millis) return { millis: wallMillis, counter: 0, node: last.node };
  if (last.counter < MAX_COUNTER) return { millis: last.millis, counter: last.counter + 1, node: last.node };
  return { millis: last.millis + 1, counter: 0, node: last.node };
}

/** The clock after seeing a remote timestamp: later than both. Throws when the remote is absurdly far ahead. */
export function receive(last: HlcState, remote: HlcState, wallMillis: number): HlcState {
  if (remote.millis - wallMillis > MAX_DRIFT_MS) throw new Error(`a timestamp from ${remote.node} is more than a day ahead of this clock; its clock is wrong`);
  const millis = Math.max(last.millis, remote.millis, wallMillis);
  let counter: number;
  if (millis === last.millis && millis === remote.millis) counter = Math.max(last.counter, remote.counter) + 1;
  else if (millis === last.millis) counter = last.counter + 1;
  else if (millis === remote.millis) counter = remote.counter + 1;
  else counter = 0;
  return counter > MAX_COUNTER ? { millis: millis + 1, counter: 0, node: last.node } : { millis, counter, node: last.node };
}

/** -1, 0 or 1 as `a` is before, equal to or after `b`. */
export function compareHlc(a: Hlc, b: Hlc): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
