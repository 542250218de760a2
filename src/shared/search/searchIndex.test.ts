// The index: what a council member finds in the demo, who may find which note (never added,
// and filtered again at query time), filters, incremental updates per note and per package,
// and saving/loading with a format version so a damaged, older or other user's index is
// refused with SearchIndexError.
import { describe, expect, it } from 'vitest';
import { examplePackageInput, testDoc } from '../../../tests/helpers/searchDocuments';
import { SearchIndexError } from '../errors';
import type { Visibility } from '../records/records';
import type { SearchDocument } from './documents';
import { noteDocument, packageDocuments } from './documents';
import type { Viewer } from './searchIndex';
import { SEARCH_INDEX_FORMAT_VERSION, SearchIndex, maySee } from './searchIndex';

const PKG = 'nl.rotterdam.demo.delfshaven';
const ref = { packageId: PKG, meetingId: 'gr-rotterdam-demo-2026-12-10', agendaItemId: 'herinrichting-delfshaven' };
const where = { packageTitle: 'Herinrichting Delfshaven (demo)', meetingTitle: 'Gemeenteraad Rotterdam — demovergadering', agendaItemTitle: 'Herinrichting Delfshaven' };

const alice: Viewer = { userName: 'alice', partyGroup: 'groen' };
const bob: Viewer = { userName: 'bob', partyGroup: 'groen' };
const carol: Viewer = { userName: 'carol', partyGroup: 'rood' };

let seq = 0;
function note(authorName: string, partyGroup: string | null, visibility: Visibility, text: string, id?: string): SearchDocument {
  seq++;
  return noteDocument({
    id: id ?? `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`,
    author: authorName,
    authorPartyGroup: partyGroup,
    body: { target: { kind: 'agendaItem', ...ref }, text, visibility },
    updatedAt: '2026-12-01T10:00:00.000Z',
    where,
  });
}

const ids = (index: SearchIndex, query: string, filters = {}) => index.search(query, { filters, limit: 500 }).map((h) => h.id);

describe('searching the demo package', () => {
  const index = SearchIndex.create(alice);
  index.putAll(packageDocuments(examplePackageInput(PKG)));

  it('finds a word of the briefing, an intervention and an indicator method, each saying what and where', () => {
    const briefing = index.search('participatieplan');
    expect(briefing).toHaveLength(1);
    expect(briefing[0]).toMatchObject({ kind: 'briefing', where, target: { screen: 'agendaItem', section: { kind: 'briefing' } } });
    const wadi = index.search('wadi');
    expect(wadi[0]).toMatchObject({ kind: 'intervention', detail: 'water', target: { scenarioId: 'groen', interventionId: 'groen-regenwatertuin-zuid' } });
    expect(wadi[0]?.title).toEqual([
      { text: 'Regenwatertuin (', match: false },
      { text: 'wadi', match: true },
      { text: ') in het binnenterrein (zuid)', match: false },
    ]);
    expect(index.search('netto bruto')[0]).toMatchObject({ kind: 'indicator', id: `${PKG}/k/woningen` });
  });

  it('finds a compound by its last part and highlights the whole word', () => {
    const hit = index.search('plaatsen autovrij').find((h) => h.kind === 'intervention');
    expect(hit?.target).toMatchObject({ interventionId: 'mobiliteit-autovrije-straat' });
    expect(hit?.snippet.filter((s) => s.match).map((s) => s.text)).toEqual(['autovrij', 'parkeerplaatsen']);
  });

  it('requires every word of the query', () => {
    expect(ids(index, 'wadi fietsstraat')).toEqual([]);
  });

  it('filters by kind, package, meeting and agenda item', () => {
    expect(index.search('bomen', { filters: { kinds: ['scenario'] } }).map((h) => h.id)).toEqual([`${PKG}/s/groen`]);
    expect(ids(index, 'bomen', { kinds: ['intervention', 'scenario'] }).length).toBeGreaterThan(1);
    expect(ids(index, 'bomen', { packageId: 'nl.elders' })).toEqual([]);
    expect(ids(index, 'bomen', { meetingId: ref.meetingId }).length).toBeGreaterThan(0);
    expect(ids(index, 'bomen', { agendaItemId: 'ander-agendapunt' })).toEqual([]);
  });
});

describe('typos', () => {
  it('are forgiven on a long word either way round, the word as typed ranking first', () => {
    const index = SearchIndex.create(alice);
    const right = testDoc({ id: 'right', text: 'Minder parkeerplaatsen in de wijk.' });
    const misspelt = testDoc({ id: 'misspelt', text: 'Minder parkeerplaasten in de wijk.' });
    index.putAll([right, misspelt]);
    expect(index.search('parkeerplaatsen', { limit: 10 }).map((h) => h.id)).toEqual(['right', 'misspelt']);
    expect(index.search('parkeerplaasten', { limit: 10 }).map((h) => h.id)).toEqual(['misspelt', 'right']);
  });
});

describe('who may find a note', () => {
  it('follows the hub rule: public for all, partyGroup for the group, private for the author', () => {
    const n = (author: string, group: string | null, visibility: Visibility) => ({ kind: 'note' as const, author, authorPartyGroup: group, visibility });
    expect(maySee(carol, n('bob', 'groen', 'public'))).toBe(true);
    expect(maySee(alice, n('bob', 'groen', 'partyGroup'))).toBe(true);
    expect(maySee(carol, n('bob', 'groen', 'partyGroup'))).toBe(false);
    expect(maySee(alice, n('bob', 'groen', 'private'))).toBe(false);
    expect(maySee(bob, n('bob', 'groen', 'private'))).toBe(true);
    expect(maySee({ userName: null, partyGroup: null }, n('bob', null, 'private'))).toBe(false);
    expect(maySee({ userName: null, partyGroup: null }, { kind: 'decision', author: 'griffie', authorPartyGroup: null, visibility: null })).toBe(true);
  });

  it('never adds a note the viewer may not see, and finds the ones they may', () => {
    const index = SearchIndex.create(alice);
    const own = note('alice', 'groen', 'private', 'Mijn notitie over parkeren aan de Schiedamseweg.');
    const group = note('bob', 'groen', 'partyGroup', 'Fractie: parkeren Schiedamseweg bespreken.');
    const othersPrivate = note('bob', 'groen', 'private', 'Privé van Bob: parkeren Schiedamseweg.');
    const otherGroup = note('carol', 'rood', 'partyGroup', 'Fractie rood: parkeren Schiedamseweg.');
    const pub = note('carol', 'rood', 'public', 'Openbaar: parkeren Schiedamseweg.');
    expect([own, group, othersPrivate, otherGroup, pub].map((d) => index.put(d))).toEqual(['added', 'added', 'refused', 'refused', 'added']);
    expect(index.has(othersPrivate.id)).toBe(false);
    expect(ids(index, 'parkeren').sort()).toEqual([own.id, group.id, pub.id].sort());
    expect(ids(index, 'Bob')).toEqual([]);
  });

  it('takes a note out at once when it becomes private to someone else, and when it is removed', () => {
    const index = SearchIndex.create(alice);
    const shared = note('bob', 'groen', 'partyGroup', 'Wadi bij de school bespreken.');
    index.put(shared);
    expect(ids(index, 'wadi')).toEqual([shared.id]);
    expect(index.put({ ...shared, visibility: 'private' })).toBe('refused');
    expect(ids(index, 'wadi')).toEqual([]);
    expect(index.has(shared.id)).toBe(false);
    const mine = note('alice', 'groen', 'public', 'Wadi of wateropvang?');
    index.put(mine);
    expect(index.remove(mine.id)).toBe(true);
    expect(ids(index, 'wadi')).toEqual([]);
  });

  it('filters at query time too: an index saved for one user and relabelled for another still hides the first user’s private notes', () => {
    const forBob = SearchIndex.create(bob);
    const bobsPrivate = note('bob', 'groen', 'private', 'Privé: de wadi lekt.');
    const bobsGroup = note('bob', 'groen', 'partyGroup', 'Groep: de wadi lekt.');
    forBob.putAll([bobsPrivate, bobsGroup]);
    // A bug elsewhere (or a tampered store) hands Bob's index to Alice under her name.
    const relabelled = JSON.stringify({ ...JSON.parse(forBob.serialize()), viewer: alice });
    const asAlice = SearchIndex.load(relabelled, alice);
    expect(asAlice.has(bobsPrivate.id)).toBe(true);
    expect(ids(asAlice, 'wadi')).toEqual([bobsGroup.id]);
  });

  it('filters by author and visibility', () => {
    const index = SearchIndex.create(alice);
    const own = note('alice', 'groen', 'private', 'Bomen tellen.');
    const group = note('bob', 'groen', 'partyGroup', 'Bomen planten.');
    index.putAll([own, group]);
    expect(ids(index, 'bomen', { author: 'bob' })).toEqual([group.id]);
    expect(ids(index, 'bomen', { visibility: 'private' })).toEqual([own.id]);
    expect(ids(index, 'bomen', { kinds: ['note'], visibility: 'partyGroup', author: 'alice' })).toEqual([]);
  });
});

describe('incremental updates', () => {
  it('replaces a changed note: the new words find it, the old ones no longer do', () => {
    const index = SearchIndex.create(alice);
    const first = note('alice', 'groen', 'private', 'Vragen over de fietsenstalling.');
    index.put(first);
    expect(index.put({ ...first, text: 'Vragen over de wadi.' })).toBe('replaced');
    expect(index.size).toBe(1);
    expect(ids(index, 'fietsenstalling')).toEqual([]);
    expect(ids(index, 'wadi')).toEqual([first.id]);
  });

  it('re-indexes one package on update and leaves other packages and the notes about it alone', () => {
    const index = SearchIndex.create(alice);
    const other = 'nl.rotterdam.demo.tweede';
    index.putAll(packageDocuments(examplePackageInput(PKG)));
    index.putAll(packageDocuments(examplePackageInput(other)));
    const myNote = note('alice', 'groen', 'private', 'Wadi: vragen aan de wethouder.');
    index.put(myNote);
    const before = index.size;
    const updated = examplePackageInput(PKG);
    const groen = updated.scenarios.find((s) => s.id === 'groen');
    if (!groen) throw new Error('demo has no scenario groen');
    const [first, second, third, ...rest] = groen.interventions;
    if (!first || !second || !third) throw new Error('scenario groen has fewer than three interventions');
    const changed = {
      ...updated,
      scenarios: updated.scenarios.map((s) =>
        s.id !== 'groen'
          ? s
          : {
              ...s,
              interventions: [first, second, { ...third, title: 'Regenwatertuin met infiltratiekratten', description: 'Kratten onder de grond houden het water vast.' }, ...rest],
            },
      ),
    };
    index.replacePackage(PKG, packageDocuments(changed));
    expect(index.size).toBe(before);
    expect(index.search('infiltratiekratten').map((h) => h.packageId)).toEqual([PKG]);
    // The old text is gone from the updated package, still there in the other one, and the note stays.
    expect(new Set(index.search('wadi', { limit: 100 }).map((h) => h.packageId))).toEqual(new Set([other, PKG]));
    expect(ids(index, 'wadi', { packageId: PKG, kinds: ['intervention'] })).toEqual([]);
    expect(ids(index, 'wadi', { kinds: ['note'] })).toEqual([myNote.id]);
    expect(index.removePackage(other)).toBe(packageDocuments(examplePackageInput(other)).length);
    expect(ids(index, 'wadi', { packageId: other })).toEqual([]);
    expect(index.packageDocumentIds(other)).toEqual([]);
  });

  it('refuses to replace a package with documents of another package or with records', () => {
    const index = SearchIndex.create(alice);
    expect(() => index.replacePackage(PKG, [testDoc({ id: 'x', packageId: 'nl.elders' })])).toThrow(/package nl\.elders/);
    expect(() => index.replacePackage(PKG, [note('alice', null, 'private', 'x')])).toThrow(/note document/);
  });
});

describe('saving and loading', () => {
  const build = () => {
    const index = SearchIndex.create(alice);
    index.putAll(packageDocuments(examplePackageInput(PKG)));
    index.put(note('alice', 'groen', 'private', 'Mijn vraag over de wadi.'));
    return index;
  };

  it('loads what it saved: the same hits, and it keeps updating incrementally', () => {
    const index = build();
    const loaded = SearchIndex.load(index.serialize(), alice);
    expect(loaded.size).toBe(index.size);
    for (const q of ['wadi', 'parkeerplaatsen', 'bomen', 'wolkbreuk']) expect(loaded.search(q)).toEqual(index.search(q));
    const added = note('alice', 'groen', 'private', 'Nieuwe vraag over de coöperatie.');
    loaded.put(added);
    expect(ids(loaded, 'cooperatie')).toEqual([added.id]);
    expect(loaded.removePackage(PKG)).toBe(packageDocuments(examplePackageInput(PKG)).length);
  });

  const refused = (json: string, viewer: Viewer = alice): SearchIndexError => {
    try {
      SearchIndex.load(json, viewer);
    } catch (error) {
      if (error instanceof SearchIndexError) return error;
      throw error;
    }
    throw new Error('the index was loaded');
  };

  it('refuses a damaged index as corrupt', () => {
    const json = build().serialize();
    expect(refused(json.slice(0, json.length / 2))).toMatchObject({ code: 'search-index', problem: 'corrupt' });
    expect(refused('{"hello":"world"}').problem).toBe('corrupt');
    const parsed = JSON.parse(json);
    expect(refused(JSON.stringify({ ...parsed, entries: parsed.entries.slice(1) })).problem).toBe('corrupt');
    expect(refused(JSON.stringify({ ...parsed, index: { ...parsed.index, serializationVersion: 99 } })).problem).toBe('corrupt');
    expect(refused(JSON.stringify({ ...parsed, entries: [[1, 2, 3]] })).location).toEqual({ path: '$.entries[0]' });
  });

  it('refuses an index of another format version as outdated', () => {
    const parsed = JSON.parse(build().serialize());
    const error = refused(JSON.stringify({ ...parsed, formatVersion: SEARCH_INDEX_FORMAT_VERSION - 1 }));
    expect(error.problem).toBe('outdated');
    expect(error.message).toMatch(/format version 0.*rebuild/);
  });

  it('refuses an index saved for another user or party group', () => {
    const json = build().serialize();
    expect(refused(json, carol).problem).toBe('other-viewer');
    expect(refused(json, { userName: 'alice', partyGroup: 'rood' }).problem).toBe('other-viewer');
  });
});
