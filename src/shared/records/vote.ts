// Small pure rules the clerk's quick form uses for a vote: a per-party-group vote from the
// council's seats (all for, all against, or split), the totals, the result that follows from
// them (more for than against: aangenomen; otherwise verworpen), and the ORI per-group label
// (StemresultaatPerFractie: aangenomen, verworpen, verdeeld), and a vote per member (hoofdelijk)
// with the per-group counts it gives. Pure.
import type { CouncilBody, DecisionResult, VoteBody } from './records';

export type GroupVote = VoteBody['perGroup'][number];

/** Every party group of the council voting the same way with all its seats (the usual start). */
export function groupVotesOf(council: CouncilBody, choice: 'voor' | 'tegen' = 'voor'): GroupVote[] {
  return council.partyGroups.map((g) => ({
    partyGroupId: g.id,
    seats: g.seats,
    voor: choice === 'voor' ? g.seats : 0,
    tegen: choice === 'tegen' ? g.seats : 0,
    onthouden: 0,
    afwezig: 0,
  }));
}

export function totals(perGroup: readonly GroupVote[]): { voor: number; tegen: number; onthouden: number; afwezig: number; seats: number } {
  return perGroup.reduce(
    (t, g) => ({ voor: t.voor + g.voor, tegen: t.tegen + g.tegen, onthouden: t.onthouden + g.onthouden, afwezig: t.afwezig + g.afwezig, seats: t.seats + g.seats }),
    {
      voor: 0,
      tegen: 0,
      onthouden: 0,
      afwezig: 0,
      seats: 0,
    },
  );
}

/** The result a vote gives: carried with more votes for than against, else rejected (a tie is rejected too). */
export function resultOfVote(perGroup: readonly GroupVote[]): Extract<DecisionResult, 'aangenomen' | 'verworpen'> {
  const t = totals(perGroup);
  return t.voor > t.tegen ? 'aangenomen' : 'verworpen';
}

/** ORI FractieStemResultaat of one group: the whole present group for, against, or split. */
export function groupResult(g: GroupVote): 'aangenomen' | 'verworpen' | 'verdeeld' {
  if (g.voor > 0 && g.tegen === 0) return 'aangenomen';
  if (g.tegen > 0 && g.voor === 0) return 'verworpen';
  return 'verdeeld';
}

export type MemberChoice = 'voor' | 'tegen' | 'onthouden';

/**
 * A vote per member (hoofdelijk): each present council member's choice; members of a party
 * group who are not present count as afwezig, so every group's counts add up to its seats.
 */
export function memberVote(
  council: CouncilBody,
  presentIds: ReadonlySet<string>,
  choices: Readonly<Record<string, MemberChoice>>,
): { perGroup: GroupVote[]; perMember: { personId: string; choice: MemberChoice }[] } {
  const members = council.people.filter((p) => p.function === 'raadslid' && p.partyGroupId !== undefined && presentIds.has(p.id));
  const perMember = members.map((p) => ({ personId: p.id, choice: choices[p.id] ?? 'voor' }));
  const perGroup = council.partyGroups.map((g) => {
    const mine = perMember.filter((m) => members.find((p) => p.id === m.personId)?.partyGroupId === g.id);
    const count = (c: MemberChoice) => Math.min(g.seats, mine.filter((m) => m.choice === c).length);
    const voor = count('voor');
    const tegen = Math.min(g.seats - voor, count('tegen'));
    const onthouden = Math.min(g.seats - voor - tegen, count('onthouden'));
    return { partyGroupId: g.id, seats: g.seats, voor, tegen, onthouden, afwezig: g.seats - voor - tegen - onthouden };
  });
  return { perGroup, perMember };
}
