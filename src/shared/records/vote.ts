// Small pure rules the clerk's quick form uses for a vote: a per-party-group vote from the
// council's seats (all for, all against, or split), the totals, the result that follows from
// them (more for than against: aangenomen; otherwise verworpen), and the ORI per-group label
// (StemresultaatPerFractie: aangenomen, verworpen, verdeeld). Pure.
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
