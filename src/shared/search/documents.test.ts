// Document building: what each kind of package content and record becomes in the index, where
// it lives and where opening it goes. The package is the demo's source folder, as installed.
import { describe, expect, it } from 'vitest';
import { examplePackageInput } from '../../../tests/helpers/searchDocuments';
import type { SearchDocument } from './documents';
import { bboxOf, commitmentDocument, decisionDocument, markdownToPlainText, noteDocument, packageDocuments, proposalDocument } from './documents';

const PKG = 'nl.rotterdam.demo.delfshaven';
const MEETING = 'gr-rotterdam-demo-2026-12-10';
const ITEM = 'herinrichting-delfshaven';
const ref = { packageId: PKG, meetingId: MEETING, agendaItemId: ITEM };
const where = { packageTitle: 'Herinrichting Delfshaven (demo)', meetingTitle: 'Gemeenteraad Rotterdam — demovergadering', agendaItemTitle: 'Herinrichting Delfshaven' };
const author = { author: 'j.devries', authorPartyGroup: 'groenlinks-pvda' };

function byId(docs: SearchDocument[], id: string): SearchDocument {
  const doc = docs.find((d) => d.id === id);
  if (!doc) throw new Error(`no document ${id} among ${docs.map((d) => d.id).join(', ')}`);
  return doc;
}

describe('packageDocuments', () => {
  const docs = packageDocuments(examplePackageInput(PKG, ['Het college stelt voor de Schiedamseweg autovrij te maken.', '', 'Bijlage: kaart van de wadi.']));

  it('makes one document per meeting, agenda item, briefing, attachment page, scenario, intervention and indicator', () => {
    const count = (kind: string) => docs.filter((d) => d.kind === kind).length;
    expect(count('meeting')).toBe(1);
    expect(count('agendaItem')).toBe(1);
    expect(count('briefing')).toBe(1);
    // The attachment's title, and its two pages with text (the empty page is left out).
    expect(count('attachment')).toBe(3);
    expect(count('scenario')).toBe(3);
    expect(count('intervention')).toBe(11);
    expect(count('indicator')).toBe(6);
    expect(new Set(docs.map((d) => d.id)).size).toBe(docs.length);
  });

  it('gives an intervention its scenario, its place in the package and the box of its geometry to fly to', () => {
    const wadi = byId(docs, `${PKG}/s/groen/i/groen-regenwatertuin-zuid`);
    expect(wadi).toMatchObject({
      kind: 'intervention',
      title: 'Regenwatertuin (wadi) in het binnenterrein (zuid)',
      detail: 'water',
      packageId: PKG,
      meetingId: MEETING,
      agendaItemId: ITEM,
    });
    expect(wadi.where).toEqual(where);
    expect(wadi.target).toEqual({
      screen: 'agendaItem',
      packageId: PKG,
      agendaItemId: ITEM,
      scenarioId: 'groen',
      interventionId: 'groen-regenwatertuin-zuid',
      flyTo: [4.452363, 51.904013, 4.452887, 51.904489],
      section: null,
    });
  });

  it('opens a scenario with that scenario shown, and the briefing at the briefing', () => {
    expect(byId(docs, `${PKG}/s/verdichting`).target).toMatchObject({ screen: 'agendaItem', agendaItemId: ITEM, scenarioId: 'verdichting', interventionId: null, flyTo: null });
    expect(byId(docs, `${PKG}/a/${ITEM}/briefing`).target).toMatchObject({ screen: 'agendaItem', agendaItemId: ITEM, section: { kind: 'briefing' } });
  });

  it('indexes the briefing as the words people read, without Markdown syntax', () => {
    const briefing = byId(docs, `${PKG}/a/${ITEM}/briefing`);
    expect(briefing.text).toContain('Groen en klimaatadaptief: versteende binnenterreinen');
    expect(briefing.text).not.toMatch(/\*\*|^#/m);
    expect(briefing.label).toBe('Herinrichting Delfshaven');
  });

  it('makes an attachment page findable by its text and opens it at that page', () => {
    const page = byId(docs, `${PKG}/a/${ITEM}/att/${encodeURIComponent('attachments/raadsvoorstel-demo.pdf')}/3`);
    expect(page).toMatchObject({ kind: 'attachment', title: '', label: 'Raadsvoorstel herinrichting Delfshaven (demo, fictief)', text: 'Bijlage: kaart van de wadi.' });
    expect(page.target).toMatchObject({ section: { kind: 'attachment', path: 'attachments/raadsvoorstel-demo.pdf', page: 3 } });
  });

  it('opens an indicator at the agenda item of the scenarios it has values for, and a meeting at the package', () => {
    expect(byId(docs, `${PKG}/k/woningen`)).toMatchObject({
      text: expect.stringContaining('grondoppervlak'),
      agendaItemId: ITEM,
      target: { section: { kind: 'indicator', indicatorId: 'woningen' } },
    });
    expect(byId(docs, `${PKG}/m/${MEETING}`).target).toEqual({ screen: 'package', packageId: PKG, meetingId: MEETING });
  });

  it('keeps the ids of two packages with the same content apart', () => {
    const other = packageDocuments(examplePackageInput('nl.rotterdam.demo.tweede'));
    const ids = new Set(docs.map((d) => d.id));
    expect(other.some((d) => ids.has(d.id))).toBe(false);
  });
});

describe('record documents', () => {
  it('gives a note on a drawn place its author, visibility and the box of the place', () => {
    const doc = noteDocument({
      id: '0b7c9e2a-8f1d-4c3e-9a5b-6d7e8f901234',
      ...author,
      body: {
        target: {
          kind: 'place',
          ...ref,
          geometry: {
            type: 'LineString',
            coordinates: [
              [4.45, 51.9],
              [4.46, 51.905],
            ],
          },
        },
        text: 'Hier staan op zaterdag altijd fietsen op de stoep.',
        visibility: 'partyGroup',
      },
      updatedAt: '2026-12-01T10:00:00.000Z',
      where,
    });
    expect(doc).toMatchObject({ kind: 'note', author: 'j.devries', authorPartyGroup: 'groenlinks-pvda', visibility: 'partyGroup', language: 'nl', agendaItemId: ITEM });
    expect(doc.target).toMatchObject({
      screen: 'agendaItem',
      flyTo: [4.45, 51.9, 4.46, 51.905],
      section: { kind: 'record', recordKind: 'note', recordId: '0b7c9e2a-8f1d-4c3e-9a5b-6d7e8f901234' },
    });
  });

  it('flies a note about an intervention to that intervention, and opens a note about the package at the package', () => {
    const base = { ...author, updatedAt: '2026-12-01T10:00:00.000Z', where };
    const onIntervention = noteDocument({
      ...base,
      id: '11111111-1111-4111-8111-111111111111',
      body: { target: { kind: 'intervention', ...ref, scenarioId: 'groen', interventionId: 'groen-middenberm-bomen' }, text: 'Welke bomen?', visibility: 'private' },
      interventionBBox: [4.44, 51.9, 4.45, 51.91],
    });
    expect(onIntervention.target).toMatchObject({ scenarioId: 'groen', interventionId: 'groen-middenberm-bomen', flyTo: [4.44, 51.9, 4.45, 51.91] });
    const onPackage = noteDocument({
      ...base,
      id: '22222222-2222-4222-8222-222222222222',
      body: { target: { kind: 'package', packageId: PKG }, text: 'Lees dit eerst.', visibility: 'public' },
    });
    expect(onPackage).toMatchObject({ agendaItemId: null, target: { screen: 'package', packageId: PKG } });
  });

  it('detects an English note', () => {
    const doc = noteDocument({
      id: '33333333-3333-4333-8333-333333333333',
      ...author,
      body: { target: { kind: 'agendaItem', ...ref }, text: 'Ask the alderman whether the parking spaces will be moved to the new garage.', visibility: 'private' },
      updatedAt: '2026-12-01T10:00:00.000Z',
      where,
    });
    expect(doc.language).toBe('en');
  });

  it('makes a motion findable by its kind and number, a decision by its result, a commitment by its alderman', () => {
    const clerk = { author: 'griffie', authorPartyGroup: null };
    const motion = proposalDocument({
      id: '44444444-4444-4444-8444-444444444444',
      ...clerk,
      body: { agendaItem: ref, kind: 'motie', number: 'M12', title: 'Behoud parkeerplaatsen Schiedamseweg', text: 'De raad verzoekt het college…', submittedOn: '2026-12-10' },
      where,
    });
    expect(motion).toMatchObject({ kind: 'proposal', detail: 'motie', keywords: 'motie M12', visibility: null, target: { section: { kind: 'record', recordKind: 'proposal' } } });
    const decision = decisionDocument({
      id: '55555555-5555-4555-8555-555555555555',
      ...clerk,
      body: {
        agendaItem: ref,
        result: 'aangenomen',
        text: 'Aangenomen met 23 stemmen voor.',
        decidedAt: '2026-12-10T22:00:00.000Z',
        proposalId: '44444444-4444-4444-8444-444444444444',
      },
      proposalTitle: 'Behoud parkeerplaatsen Schiedamseweg',
      where,
    });
    expect(decision).toMatchObject({ kind: 'decision', title: 'Behoud parkeerplaatsen Schiedamseweg', keywords: 'besluit aangenomen', detail: 'aangenomen' });
    const commitment = commitmentDocument({
      id: '66666666-6666-4666-8666-666666666666',
      ...clerk,
      body: { agendaItem: ref, text: 'De wethouder komt voor de zomer terug op de wadi.', dueOn: '2027-06-30' },
      byName: 'A. Jansen',
      where,
    });
    expect(commitment).toMatchObject({ kind: 'commitment', keywords: 'toezegging A. Jansen', date: '2027-06-30' });
  });
});

describe('bboxOf and markdownToPlainText', () => {
  it('boxes a point, a polygon and a multipolygon', () => {
    expect(bboxOf({ type: 'Point', coordinates: [4.45, 51.9] })).toEqual([4.45, 51.9, 4.45, 51.9]);
    expect(
      bboxOf({
        type: 'MultiPolygon',
        coordinates: [
          [
            [
              [4.4, 51.9],
              [4.41, 51.9],
              [4.41, 51.91],
              [4.4, 51.9],
            ],
          ],
          [
            [
              [4.5, 51.8],
              [4.51, 51.8],
              [4.51, 51.81],
              [4.5, 51.8],
            ],
          ],
        ],
      }),
    ).toEqual([4.4, 51.8, 4.51, 51.91]);
  });

  it('keeps link text and drops the syntax around words', () => {
    expect(markdownToPlainText('## Bronnen\n\n- **Gebouwen**: [3D-stadsmodel](https://example.org) _Rotterdam_\n> Demo.')).toBe(
      'Bronnen\n\nGebouwen: 3D-stadsmodel Rotterdam\nDemo.',
    );
  });
});
