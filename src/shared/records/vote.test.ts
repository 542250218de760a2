import { describe, expect, it } from 'vitest';
import { demoCouncil } from './demoCouncil';
import { CouncilBody, VoteBody } from './records';
import { groupResult, groupVotesOf, memberVote, resultOfVote, totals } from './vote';

describe('the demo council', () => {
  it('is a valid council of 45 seats for Rotterdam, marked demo, with a member for every seat', () => {
    const council = demoCouncil();
    expect(CouncilBody.safeParse(council).success).toBe(true);
    expect(council.demo).toBe(true);
    expect(council.municipality.statcode).toBe('GM0599');
    expect(totals(groupVotesOf(council)).seats).toBe(45);
    for (const g of council.partyGroups) expect(council.people.filter((p) => p.function === 'raadslid' && p.partyGroupId === g.id)).toHaveLength(g.seats);
    expect(council.partyGroups.every((g) => g.name.endsWith('(demo)'))).toBe(true);
    expect(new Set(council.people.map((p) => p.name)).size, 'no two people share a name').toBe(council.people.length);
  });
});

describe('a vote by party group', () => {
  it('is carried with more votes for than against, rejected on a tie, and labelled per group as ORI does', () => {
    const perGroup = groupVotesOf(demoCouncil());
    expect(resultOfVote(perGroup)).toBe('aangenomen');
    const split = perGroup.map((g, i) => (i < 3 ? { ...g, voor: 0, tegen: g.seats } : g));
    expect(totals(split)).toMatchObject({ voor: 20, tegen: 25 });
    expect(resultOfVote(split)).toBe('verworpen');
    const tie = [
      { partyGroupId: 'a', seats: 2, voor: 2, tegen: 0, onthouden: 0, afwezig: 0 },
      { partyGroupId: 'b', seats: 3, voor: 0, tegen: 2, onthouden: 0, afwezig: 1 },
    ];
    expect(resultOfVote(tie)).toBe('verworpen');
    expect(tie.map(groupResult)).toEqual(['aangenomen', 'verworpen']);
    expect(groupResult({ partyGroupId: 'c', seats: 4, voor: 2, tegen: 2, onthouden: 0, afwezig: 0 })).toBe('verdeeld');
    expect(
      VoteBody.safeParse({
        proposalId: '00000000-0000-4000-8000-000000000001',
        agendaItem: { packageId: 'p', meetingId: 'm', agendaItemId: 'a' },
        kind: 'regulier',
        perGroup: split,
        heldAt: '2026-12-10T21:00:00Z',
      }).success,
    ).toBe(true);
  });
});

describe('a vote per member (hoofdelijk)', () => {
  it('counts each present member for their group, and the absent ones as afwezig, so each group adds up to its seats', () => {
    const council = demoCouncil();
    const haven = council.people.filter((p) => p.function === 'raadslid' && p.partyGroupId === 'havenpartij');
    const present = new Set(council.people.map((p) => p.id).filter((id) => id !== haven[0]?.id));
    const { perGroup, perMember } = memberVote(council, present, { [haven[1]?.id ?? '']: 'tegen', [haven[2]?.id ?? '']: 'onthouden' });
    expect(perGroup.find((g) => g.partyGroupId === 'havenpartij')).toEqual({ partyGroupId: 'havenpartij', seats: 7, voor: 4, tegen: 1, onthouden: 1, afwezig: 1 });
    expect(perMember).toHaveLength(44);
    expect(perMember.some((m) => m.personId === haven[0]?.id)).toBe(false);
    expect(totals(perGroup)).toEqual({ voor: 42, tegen: 1, onthouden: 1, afwezig: 1, seats: 45 });
    expect(resultOfVote(perGroup)).toBe('aangenomen');
  });
});
