// Compound words found by their parts, where that is cheap. Dutch writes compounds as one word
// ("parkeerplaatsen", "bestemmingsplan"); a council member searches for a part ("plaatsen",
// "plan"). The first part is found by prefix search on the whole word; the last part (the
// head) is found because a word that ends in one of the heads below is indexed with that head
// as well, and with what comes before it (the modifier, without a linking s). A modifier that
// is itself a compound is split again, so a middle part is found when the parts after it are
// known heads. Pure data and one pure function.
// Limits (docs/search.md): only heads in this list are split off; a modifier shorter than three
// letters, or one that is a verbal prefix ("ver" + "plaatsen" is "verplaatsen", to move), is not
// split, so "verplaatsen" is not found by "plaatsen".

/** Last parts of council compounds (singular; plurals are matched by the endings below). Folded. */
const HEADS = [
  'aanvraag',
  'afval',
  'agenda',
  'bedrijf',
  'beheer',
  'beleid',
  'besluit',
  'bestuur',
  'bezwaar',
  'boom',
  'bouw',
  'brug',
  'buurt',
  'centrum',
  'college',
  'commissie',
  'dak',
  'dienst',
  'dijk',
  'fractie',
  'gebied',
  'gebouw',
  'geld',
  'gemeente',
  'grond',
  'haven',
  'hof',
  'huis',
  'huur',
  'kade',
  'kosten',
  'kruising',
  'laan',
  'lijn',
  'markt',
  'motie',
  'nota',
  'onderzoek',
  'ontwerp',
  'overleg',
  'pad',
  'park',
  'parkeren',
  'personeel',
  'plaats',
  'plan',
  'plein',
  'raad',
  'regeling',
  'regels',
  'rekening',
  'riool',
  'route',
  'ruimte',
  'school',
  'singel',
  'stalling',
  'station',
  'strook',
  'straat',
  'stroom',
  'subsidie',
  'terrein',
  'tuin',
  'verbod',
  'verkeer',
  'vergadering',
  'vergunning',
  'verordening',
  'voorstel',
  'voorziening',
  'water',
  'weg',
  'wijk',
  'woning',
  'zone',
  'zorg',
] as const;

/** Plural and inflected endings a head may carry ("plaats" + "en", "stalling" + "en", "huis" -> "huizen" is not covered). */
const HEAD_ENDINGS = ['', 'en', 's', 'n'] as const;

/** Modifiers that are verbal or adverbial prefixes: "ver-plaatsen" is a verb, not a kind of "plaatsen". */
const NOT_A_MODIFIER: ReadonlySet<string> = new Set([
  'aan',
  'achter',
  'af',
  'be',
  'bij',
  'door',
  'er',
  'ge',
  'her',
  'in',
  'los',
  'mee',
  'na',
  'om',
  'ont',
  'onder',
  'op',
  'over',
  'toe',
  'uit',
  'ver',
  'voor',
  'weer',
  'terug',
]);

const MIN_MODIFIER = 3;

const HEAD_SET: ReadonlySet<string> = new Set(HEADS);
const LONGEST_HEAD = Math.max(...HEADS.map((h) => h.length));
const SHORTEST_HEAD = Math.min(...HEADS.map((h) => h.length));

/** The longest known head (with its ending) that `word` ends in, leaving a modifier of at least MIN_MODIFIER letters; null when none. */
function headOf(word: string): { tail: string; modifier: string } | null {
  let best: { tail: string; modifier: string; headLength: number } | null = null;
  for (const ending of HEAD_ENDINGS) {
    if (!word.endsWith(ending)) continue;
    const core = word.slice(0, word.length - ending.length);
    for (let length = Math.min(LONGEST_HEAD, core.length - MIN_MODIFIER); length >= SHORTEST_HEAD; length--) {
      if (best && length <= best.headLength) break;
      const head = core.slice(core.length - length);
      if (!HEAD_SET.has(head)) continue;
      const modifier = core.slice(0, core.length - length);
      if (NOT_A_MODIFIER.has(modifier)) continue;
      best = { tail: head + ending, modifier, headLength: length };
      break;
    }
  }
  return best && { tail: best.tail, modifier: best.modifier };
}

/**
 * The parts of a folded word found by known heads: for "parkeerplaatsen", ["plaatsen",
 * "parkeer"]; for "fietsenstallingen", ["stallingen", "fietsen"]; for "bestemmingsplan",
 * ["plan", "bestemmings", "bestemming"]. Empty when the word is not such a compound. Up to three
 * levels deep ("parkeerplaatsenbeleid": "beleid", "parkeerplaatsen", "plaatsen", "parkeer").
 */
export function compoundParts(word: string, depth = 3): string[] {
  if (depth === 0) return [];
  const found = headOf(word);
  if (found === null) return [];
  const { tail, modifier } = found;
  const parts = [tail, modifier];
  // A linking s ("bestemming-s-plan", "omgeving-s-vergunning") is not part of the modifier.
  if (modifier.endsWith('s') && modifier.length - 1 >= MIN_MODIFIER) parts.push(modifier.slice(0, -1));
  return [...parts, ...compoundParts(modifier, depth - 1)];
}
