import { describe, expect, it } from 'vitest';
import { CouncilBody, DecisionBody, NoteBody, ProposalBody, VoteBody } from './records';
import { sealSnapshot, snapshotIntact } from './snapshot';

const item = { packageId: 'nl.rotterdam.demo.delfshaven', meetingId: 'raad-2026-12', agendaItemId: 'herinrichting' };
const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

describe('record bodies', () => {
  it('accepts a party-group note on a drawn place and refuses an empty one', () => {
    const place = { kind: 'place', ...item, geometry: { type: 'Point', coordinates: [4.4586, 51.9063] } };
    expect(NoteBody.safeParse({ target: place, text: 'Hier een zebrapad?', visibility: 'partyGroup' }).success).toBe(true);
    expect(NoteBody.safeParse({ target: place, text: '   ', visibility: 'private' }).success).toBe(false);
  });

  it('refuses a vote whose per-group counts do not add up to the seats', () => {
    const vote = {
      proposalId: id(1),
      agendaItem: item,
      kind: 'regulier',
      heldAt: '2026-12-10T21:05:00Z',
      perGroup: [{ partyGroupId: 'groen', seats: 5, voor: 3, tegen: 1, onthouden: 0, afwezig: 0 }],
    };
    const result = VoteBody.safeParse(vote);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe('per party group, voor + tegen + onthouden + afwezig must equal its seats');
  });

  it('gives only motions a motion type and only amendments a proposal they amend', () => {
    const base = {
      agendaItem: item,
      title: 'Meer bomen',
      text: 'De raad verzoekt het college ...',
      submitterIds: ['p1'],
      partyGroupIds: ['groen'],
      councilId: id(9),
      submittedOn: '2026-12-10',
    };
    expect(ProposalBody.safeParse({ ...base, kind: 'motie', motionType: 'vreemd' }).success).toBe(true);
    expect(ProposalBody.safeParse({ ...base, kind: 'voorstel', motionType: 'vreemd' }).success).toBe(false);
    expect(ProposalBody.safeParse({ ...base, kind: 'motie', amendsProposalId: id(2) }).success).toBe(false);
  });

  it('refuses a council in which a person belongs to a party group it does not have', () => {
    const council = {
      name: 'Gemeenteraad Rotterdam',
      municipality: { statcode: 'GM0599', name: 'Rotterdam' },
      validFrom: '2026-03-30',
      partyGroups: [{ id: 'groen', name: 'GroenLinks', seats: 5 }],
      people: [{ id: 'p1', name: 'A. de Vries', function: 'raadslid', partyGroupId: 'rood' }],
    };
    expect(CouncilBody.safeParse(council).success).toBe(false);
    expect(CouncilBody.safeParse({ ...council, people: [{ ...council.people[0], partyGroupId: 'groen' }] }).success).toBe(true);
  });
});

describe('decision snapshot', () => {
  it('is sealed with a hash that detects any change to what the council saw', async () => {
    const snapshot = await sealSnapshot({
      packageId: item.packageId,
      packageVersion: 3,
      manifestSha256: 'a'.repeat(64),
      view: { packageId: item.packageId, agendaItemId: item.agendaItemId, mode: 'single', shown: [{ kind: 'scenario', scenarioId: 'groen', off: ['park-1'] }] },
      interventionIds: ['wadi-1'],
      indicators: [{ indicatorId: 'groen-m2', title: 'Groen', unit: 'm²', value: 1150, kind: 'recomputed' }],
    });
    expect(await snapshotIntact(snapshot)).toBe(true);
    expect(DecisionBody.safeParse({ agendaItem: item, result: 'aangenomen', text: '', decidedAt: '2026-12-10T21:06:00Z', snapshot }).success).toBe(true);
    const altered = { ...snapshot, indicators: [{ ...snapshot.indicators[0]!, value: 1950 }] };
    expect(await snapshotIntact(altered)).toBe(false);
  });
});
