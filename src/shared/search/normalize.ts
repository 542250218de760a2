// Dutch-aware text processing for search, used both when a document is indexed and when a
// query is read, so the two always agree: words are cut out of the text, folded (case and
// diacritics: "België" is "belgie", "coöperatie" is "cooperatie", the one-character ligature
// "ĳ" is "ij" as people type it), stop words dropped, and each word indexed as itself, as its
// stem (the Snowball stemmers of @orama/stemmers, Dutch or English by the document's
// language) and, for Dutch compounds, as its known parts (compounds.ts). A query word is
// looked up as typed (with prefix search, and a few typos forgiven on longer words) and as its
// Dutch and English stems. docs/search.md describes the rules and their limits.
// Pure: no DOM, no storage. Never change what a term looks like without raising
// SEARCH_INDEX_FORMAT_VERSION (searchIndex.ts): a saved index holds terms made by these rules.
import { stemmer as dutchStemmer } from '@orama/stemmers/dutch';
import { stemmer as englishStemmer } from '@orama/stemmers/english';
import { compoundParts } from './compounds';
import { DUTCH_STOP_WORDS, ENGLISH_STOP_WORDS } from './stopWords';

/** The languages a document is indexed in: Dutch (the default) or English. */
export type Language = 'nl' | 'en';
export const LANGUAGES = ['nl', 'en'] as const satisfies readonly Language[];

/** A word as it stands in the text: its characters and where they are (for highlighting). */
export type Token = { text: string; start: number; end: number };

/** Letters, digits and combining marks, with hyphens and apostrophes inside a word ("noord-zuidroute", "scenario's"). */
const TOKEN = /[\p{L}\p{N}\p{M}]+(?:[-\u2010\u2011'\u2019][\p{L}\p{N}\p{M}]+)*/gu;
const JOINER = /[-\u2010\u2011'\u2019]/;
const HAS_DIGIT = /\p{N}/u;

/** Lower case without diacritics; compatibility forms decomposed ("ĳ" -> "ij", "ﬁ" -> "fi"). */
export function fold(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
}

/** The words of a text with their positions in it. */
export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  for (const m of text.matchAll(TOKEN)) out.push({ text: m[0], start: m.index, end: m.index + m[0].length });
  return out;
}

/** The words a token stands for: its parts ("noord", "zuidroute") and, when it has several, the parts joined. One letter alone is no word. */
function wordsOf(raw: string): string[] {
  const parts = fold(raw)
    .split(JOINER)
    .filter((p) => p.length > 1 || HAS_DIGIT.test(p));
  return parts.length > 1 ? [...parts, parts.join('')] : parts;
}

/** True when a folded word is a stop word of that language. */
export function isStopWord(word: string, language: Language): boolean {
  return (language === 'nl' ? DUTCH_STOP_WORDS : ENGLISH_STOP_WORDS).has(word);
}

const STEM_CACHE_LIMIT = 200_000;
const stemCache: Record<Language, Map<string, string>> = { nl: new Map(), en: new Map() };

/**
 * The stem of a folded word (memoised: stemming costs a few microseconds a word). Numbers and
 * codes ("a12") are their own stem.
 */
export function stem(word: string, language: Language): string {
  if (HAS_DIGIT.test(word)) return word;
  const cache = stemCache[language];
  const known = cache.get(word);
  if (known !== undefined) return known;
  // The classic Dutch algorithm undoubles only kk, dd and tt after removing -en, so "plannen"
  // would stem to "plann" and miss "plan": undouble any final consonant pair, on both sides.
  const stemmed = language === 'nl' ? dutchStemmer(word).replace(/([bcdfghjklmnpqrstvwxz])\1$/, '$1') : englishStemmer(word);
  if (cache.size >= STEM_CACHE_LIMIT) cache.clear();
  cache.set(word, stemmed);
  return stemmed;
}

/**
 * The index terms of one token of a text in `language`: each word folded, its stem, and for
 * Dutch its compound parts with their stems; nothing for a stop word. Both the word and the
 * stem are kept because the classic Dutch stemmer can stem a singular and its plural apart
 * ("parkeerplaats" -> "parkeerplat", "parkeerplaatsen" -> "parkeerplaats"). Memoised per
 * token as written: indexing and highlighting meet the same words again and again.
 */
export function indexTerms(raw: string, language: Language): readonly string[] {
  const cache = termCache[language];
  const known = cache.get(raw);
  if (known !== undefined) return known;
  const terms = computeIndexTerms(raw, language);
  if (cache.size >= TERM_CACHE_LIMIT) cache.clear();
  cache.set(raw, terms);
  return terms;
}

const TERM_CACHE_LIMIT = 100_000;
const termCache: Record<Language, Map<string, readonly string[]>> = { nl: new Map(), en: new Map() };

function computeIndexTerms(raw: string, language: Language): readonly string[] {
  const out = new Set<string>();
  for (const word of wordsOf(raw)) {
    if (isStopWord(word, language)) continue;
    out.add(word);
    out.add(stem(word, language));
    if (language === 'nl') {
      for (const part of compoundParts(word)) {
        out.add(part);
        out.add(stem(part, 'nl'));
      }
    }
  }
  return [...out];
}

/** One word of a query, with how it is looked up. */
export type QueryWord = {
  /** Folded, as typed. */
  word: string;
  stems: Record<Language, string>;
  /** Also find longer words that start with it ("parkeer" finds "parkeerplaatsen"). */
  prefix: boolean;
  /** Edit distance forgiven: 0 below 6 letters, 1 from 6, 2 from 10; never for numbers. */
  typos: number;
};

/** Shortest query word that is looked up by prefix: shorter ones would match most of the vocabulary. */
export const MIN_PREFIX_LENGTH = 3;

/** Typos forgiven in a folded query word of this length. */
export function typosFor(word: string): number {
  if (HAS_DIGIT.test(word)) return 0;
  if (word.length >= 10) return 2;
  if (word.length >= 6) return 1;
  return 0;
}

/**
 * The words of a query. Stop words of either language are left out (a query is not known to be
 * Dutch or English), unless the query has nothing else, so "de" still looks for "de".
 */
export function queryWords(query: string): QueryWord[] {
  const words = tokenize(query)
    .flatMap((t) => fold(t.text).split(JOINER))
    .filter((w) => w.length > 1 || HAS_DIGIT.test(w));
  const meaningful = words.filter((w) => !isStopWord(w, 'nl') && !isStopWord(w, 'en'));
  const chosen = meaningful.length > 0 ? meaningful : words;
  const unique = [...new Set(chosen)];
  return unique.map((word) => ({
    word,
    stems: { nl: stem(word, 'nl'), en: stem(word, 'en') },
    prefix: word.length >= MIN_PREFIX_LENGTH,
    typos: typosFor(word),
  }));
}

/** Stop words that are only Dutch or only English: the evidence for a text's language. */
const ONLY_DUTCH = [...DUTCH_STOP_WORDS].filter((w) => !ENGLISH_STOP_WORDS.has(w));
const ONLY_ENGLISH = new Set([...ENGLISH_STOP_WORDS].filter((w) => !DUTCH_STOP_WORDS.has(w)));
const ONLY_DUTCH_SET = new Set(ONLY_DUTCH);

/**
 * The language of a text: English when clearly more of its stop words are English than Dutch
 * (at least three, and twice as many), otherwise Dutch, the language of council documents.
 */
export function detectLanguage(text: string): Language {
  let nl = 0;
  let en = 0;
  for (const t of tokenize(text)) {
    const w = fold(t.text);
    if (ONLY_DUTCH_SET.has(w)) nl++;
    else if (ONLY_ENGLISH.has(w)) en++;
  }
  return en >= 3 && en >= 2 * nl ? 'en' : 'nl';
}
