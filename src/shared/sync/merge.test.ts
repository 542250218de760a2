import { describe, expect, it } from 'vitest';
import type { SyncUser } from './access';
import { canSee } from './access';
import { formatHlc } from './hlc';
import type { StoredRecord } from './merge';
import { MAX_REVISIONS, mergeMutation, toSyncedRecord } from './merge';
import type { Mutation } from './protocol';

const now = new Date('2026-12-10T20:00:00Z');
const hlc = (ms: number, node = 'aaaaaaaaaaaaaaaa') => formatHlc({ millis: now.getTime() - 1_000_000 + ms, counter: 0, node });
const id = '00000000-0000-4000-8000-000000000001';
const anna: SyncUser = { id: 1, name: 'Anna', role: 'member', partyGroup: 'Groen' };
const bert: SyncUser = { id: 2, name: 'Bert', role: 'member', partyGroup: 'Groen' };
const carla: SyncUser = { id: 3, name: 'Carla', role: 'member', partyGroup: 'Rood' };
const griffier: SyncUser = { id: 4, name: 'Greet', role: 'clerk', partyGroup: null };
const target = { kind: 'package', packageId: 'nl.rotterdam.demo.delfshaven' } as const;
const note = (text: string, visibility = 'private') => ({ target, text, visibility });

function put(body: unknown, at: number, baseHlc: string | null, seq = 1): Mutation {
  return { seq, hlc: hlc(at), kind: 'note', id, op: 'put', body, baseHlc };
}

function stored(result: ReturnType<typeof mergeMutation>): StoredRecord {
  if (result.outcome === 'rejected') throw new Error(`rejected: ${result.reason.message}`);
  return result.record;
}

describe('merging a mutation into what the hub holds', () => {
  it('creates a record whose author is the token user, whatever the body says', () => {
    const result = mergeMutation(null, put(note('Vraag'), 1, null), anna, now);
    expect(result.outcome).toBe('applied');
    expect(stored(result)).toMatchObject({ author: 'Anna', authorId: 1, authorPartyGroup: 'Groen', audience: 'private', deleted: false, body: note('Vraag') });
  });

  it('refuses a body claiming another author (a key the schema does not have)', () => {
    const result = mergeMutation(null, put({ ...note('x'), author: 'Bert' }, 1, null), anna, now);
    expect(result).toMatchObject({ outcome: 'rejected', reason: { code: 'validation' } });
    expect(result.outcome === 'rejected' && result.reason.message).toMatch(/author/);
  });

  it('replaces a version the edit started from, and keeps both texts when it did not', () => {
    const v1 = stored(mergeMutation(null, put(note('een'), 1, null), anna, now));
    const v2 = stored(mergeMutation(v1, put(note('twee'), 2, v1.hlc), anna, now));
    expect(v2.body).toEqual(note('twee'));
    expect(v2.revisions).toEqual([]);

    // A second device edited v1 offline, later than v2: it becomes current, v2 is kept.
    const later = mergeMutation(v2, put(note('drie'), 3, v1.hlc), anna, now);
    expect(later.outcome).toBe('conflict');
    expect(stored(later).body).toEqual(note('drie'));
    expect(stored(later).revisions.map((r) => r.body)).toEqual([note('twee')]);

    // A device that edited v1 earlier than v2: v2 stays current, its text is kept as a revision.
    const earlier = mergeMutation(v2, { ...put(note('anders'), 0, v1.hlc), hlc: hlc(1, 'bbbbbbbbbbbbbbbb') }, anna, now);
    expect(earlier.outcome).toBe('conflict');
    expect(stored(earlier).body).toEqual(note('twee'));
    expect(stored(earlier).revisions.map((r) => r.body)).toEqual([note('anders')]);
  });

  it('keeps at most MAX_REVISIONS revisions, the newest', () => {
    let record = stored(mergeMutation(null, put(note('0'), 1, null), anna, now));
    const base = record.hlc;
    for (let i = 1; i <= MAX_REVISIONS + 3; i++) record = stored(mergeMutation(record, put(note(String(i)), 1 + i, base), anna, now));
    expect(record.revisions).toHaveLength(MAX_REVISIONS);
    expect(record.body).toEqual(note(String(MAX_REVISIONS + 3)));
    expect(record.revisions[0]?.body).toEqual(note(String(MAX_REVISIONS + 2)));
  });

  it('lets a delete that did not see the latest edit lose, so the edit survives', () => {
    const v1 = stored(mergeMutation(null, put(note('een'), 1, null), anna, now));
    const v2 = stored(mergeMutation(v1, put(note('twee'), 2, v1.hlc), anna, now));
    const stale = mergeMutation(v2, { seq: 3, hlc: hlc(3), kind: 'note', id, op: 'delete', baseHlc: v1.hlc }, anna, now);
    expect(stale).toMatchObject({ outcome: 'conflict', changed: false });
    expect(stored(stale).deleted).toBe(false);
    const seen = stored(mergeMutation(v2, { seq: 4, hlc: hlc(4), kind: 'note', id, op: 'delete', baseHlc: v2.hlc }, anna, now));
    expect(seen).toMatchObject({ deleted: true, body: null, revisions: [] });
  });

  it('refuses an edit of a deleted note that did not see the delete, and restores one that did', () => {
    const v1 = stored(mergeMutation(null, put(note('een'), 1, null), anna, now));
    const gone = stored(mergeMutation(v1, { seq: 2, hlc: hlc(2), kind: 'note', id, op: 'delete', baseHlc: v1.hlc }, anna, now));
    expect(mergeMutation(gone, put(note('later'), 3, v1.hlc), anna, now)).toMatchObject({ outcome: 'rejected', reason: { code: 'target-deleted' } });
    expect(stored(mergeMutation(gone, put(note('terug'), 3, gone.hlc), anna, now))).toMatchObject({ deleted: false, body: note('terug') });
  });

  it('lets only the author change a note, and only clerks record decisions, which never change', () => {
    const v1 = stored(mergeMutation(null, put(note('van Anna', 'public'), 1, null), anna, now));
    expect(mergeMutation(v1, put(note('van Bert'), 2, v1.hlc), bert, now)).toMatchObject({ outcome: 'rejected', reason: { code: 'forbidden' } });
    const decision = {
      agendaItem: { packageId: 'p', meetingId: 'm', agendaItemId: 'a' },
      result: 'aangenomen',
      text: 'Aangenomen met 30 stemmen voor.',
      decidedAt: '2026-12-10T21:00:00Z',
    };
    const mutation: Mutation = { seq: 1, hlc: hlc(1), kind: 'decision', id, op: 'put', body: decision, baseHlc: null };
    expect(mergeMutation(null, mutation, anna, now)).toMatchObject({ outcome: 'rejected', reason: { code: 'forbidden' } });
    const recorded = stored(mergeMutation(null, mutation, griffier, now));
    expect(recorded.audience).toBe('council');
    expect(mergeMutation(recorded, { ...mutation, seq: 2, hlc: hlc(2), baseHlc: recorded.hlc }, griffier, now)).toMatchObject({
      outcome: 'rejected',
      reason: { code: 'immutable' },
    });
  });

  it('refuses a time stamp more than a day ahead of the hub', () => {
    const ahead = { ...put(note('x'), 1, null), hlc: formatHlc({ millis: now.getTime() + 2 * 86_400_000, counter: 0, node: 'aaaaaaaaaaaaaaaa' }) };
    expect(mergeMutation(null, ahead, anna, now)).toMatchObject({ outcome: 'rejected', reason: { code: 'validation' } });
  });
});

describe('who sees a record', () => {
  const scopes = (audience: 'private' | 'partyGroup' | 'public' | 'council') => ({ authorId: anna.id, authorPartyGroup: anna.partyGroup, audience });
  it.each([
    ['private', [true, false, false, false]],
    ['partyGroup', [true, true, false, false]],
    ['public', [true, true, true, true]],
    ['council', [true, true, true, true]],
  ] as const)('%s: the author, the same group, another group, the clerk', (audience, expected) => {
    expect([anna, bert, carla, griffier].map((u) => canSee(u, scopes(audience)))).toEqual(expected);
  });

  it('sends revisions only to the author', () => {
    const v1 = stored(mergeMutation(null, put(note('een', 'public'), 1, null), anna, now));
    const both = stored(mergeMutation(v1, put(note('twee', 'public'), 2, hlc(0)), anna, now));
    expect(toSyncedRecord(both, anna).revisions).toHaveLength(1);
    expect(toSyncedRecord(both, bert).revisions).toEqual([]);
  });
});
