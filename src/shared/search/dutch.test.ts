// The Dutch (and English) rules of search on a table of real council words: each row is one
// document in a shared index, the queries it must be found by, and the queries that must not
// find it. The index is the real one (MiniSearch with normalize.ts), so a row proves what a
// council member typing that query gets.
import { describe, expect, it } from 'vitest';
import { testDoc } from '../../../tests/helpers/searchDocuments';
import { detectLanguage, fold, indexTerms, queryWords, stem, tokenize } from './normalize';
import { SearchIndex } from './searchIndex';

type Row = { id: string; text: string; finds: string[]; notFoundBy: string[]; why: string };

const ROWS: Row[] = [
  {
    id: 'parkeerplaatsen',
    text: 'De parkeerplaatsen langs de Schiedamseweg vervallen.',
    finds: ['parkeerplaatsen', 'Parkeerplaatsen', 'parkeerplaats', 'parkeer', 'plaatsen', 'plaats', 'parkeren', 'parkeerplaasten'],
    notFoundBy: ['verplaatsen', 'parkeergarage'],
    why: 'compound: first part by prefix, last part as a known head; plural and singular stem apart but both find it; a transposition in a long word is forgiven',
  },
  {
    id: 'bestemmingsplan',
    text: 'Het bestemmingsplan Delfshaven wordt herzien.',
    finds: ['bestemmingsplan', 'bestemmingsplannen', 'bestemming', 'plan', 'bestemingsplan'],
    notFoundBy: ['planning', 'bestemmingsverkeer'],
    why: 'linking s dropped from the first part; "plannen" and "plan" share a stem; "planning" is another word',
  },
  {
    id: 'omgevingsvergunning',
    text: 'Aanvraag omgevingsvergunning voor de groene hof.',
    finds: ['omgevingsvergunning', 'omgevingsvergunningen', 'vergunning', 'vergunningen', 'omgeving'],
    notFoundBy: ['omgevingsvisie', 'vergunde'],
    why: 'a vision (omgevingsvisie) is not a permit',
  },
  {
    id: 'groenvoorziening',
    text: 'Meer groenvoorziening in versteende binnenterreinen.',
    finds: ['groenvoorziening', 'groenvoorzieningen', 'voorziening', 'groen', 'groenvoorzienig', 'binnenterrein', 'terreinen'],
    notFoundBy: ['voorzitter', 'groente'],
    why: 'one typo forgiven in a long word; the chair (voorzitter) is not a provision',
  },
  {
    id: 'schiedamseweg',
    text: 'Herinrichting van de Schiedamseweg.',
    finds: ['Schiedamseweg', 'schiedamseweg', 'SCHIEDAMSEWEG', 'schiedam', 'weg', 'wegen', 'Schiedamsweg', 'herinrichting'],
    notFoundBy: ['Schiedamsedijk', 'Schiedamsesingel'],
    why: 'street names are compounds too, found by their head in the plural as well; another street is not found',
  },
  {
    id: 'wadi',
    text: 'Een wadi vangt het regenwater op.',
    finds: ['wadi', 'Wadi', "wadi's", 'regenwater', 'water'],
    notFoundBy: ['wadden', 'radi'],
    why: 'short words get no typo forgiveness; a compound head in the middle of a word ("water") is found',
  },
  {
    id: 'fietsenstalling',
    text: 'Een nieuwe fietsenstalling bij het station.',
    finds: ['fietsenstalling', 'fietsenstallingen', 'stalling', 'fiets', 'fietsen'],
    notFoundBy: ['fietsstraat', 'installatie'],
    why: 'a bike street is not a bike shed',
  },
  {
    id: 'cooperatie',
    text: 'De coöperatie beheert het buurtpark.',
    finds: ['coöperatie', 'cooperatie', 'Coöperatie', 'cooperaties', 'buurtpark', 'park'],
    notFoundBy: ['operatie', 'coalitie'],
    why: 'the diaeresis is folded, the word is not cut in two at it',
  },
  {
    id: 'belgie',
    text: 'Ervaringen uit België en Duitsland.',
    finds: ['België', 'belgie', 'BELGIË', 'belgië', 'Duitsland'],
    notFoundBy: ['bergen', 'belgen'],
    why: 'diaeresis folded both ways',
  },
  {
    id: 'cafe',
    text: 'Het café bij de ruïne van het kasteel.',
    finds: ['café', 'cafe', 'CAFÉ', 'ruïne', 'ruine', 'Ruine', 'kasteel'],
    notFoundBy: ['cafeine', 'ruimte'],
    why: 'short words with diacritics are found by folding (the Dutch stemmer folds too), not by typo forgiveness, which starts at six letters',
  },
  {
    id: 'reunie',
    text: 'Reünie van oud-raadsleden.',
    finds: ['reünie', 'reunie', 'Reünie', 'raadsleden', 'oud-raadsleden', 'oudraadsleden'],
    notFoundBy: ['unie', 're'],
    why: 'ë/ü do not split a word, so "unie" does not find "reünie"; hyphenated words by their parts and joined',
  },
  {
    id: 'ijsbaan',
    text: 'Een nieuwe ĳsbaan in het Museumpark.',
    finds: ['ijsbaan', 'IJsbaan', 'ĳsbaan', 'Ĳsbaan', 'museumpark', 'park'],
    notFoundBy: ['ysbaan', 'baan'],
    why: 'the ĳ ligature is ij as typed; y is not ij; "baan" is not a known head',
  },
  {
    id: 'gemeenteraad',
    text: 'Het besluit van de gemeenteraad.',
    finds: ['gemeenteraad', 'raad', 'gemeente', 'gemeenten', 'besluiten', 'Besluit'],
    notFoundBy: ['voorraad', 'van de'],
    why: 'stop words are not indexed; a stock (voorraad) is not a council',
  },
  {
    id: 'bomen',
    text: 'Een rij bomen in de middenberm.',
    finds: ['bomen', 'boom', 'middenberm'],
    notFoundBy: ['komen', 'bonen'],
    why: 'boom and bomen share a stem; no typos forgiven in a five-letter word',
  },
  {
    id: 'woningen',
    text: 'Tweehonderd nieuwe woningen in de wijk.',
    finds: ['woningen', 'woning', 'Woningen', 'wijk', 'woningn'],
    notFoundBy: ['woonboot', 'wonen'],
    why: 'plural and singular; a typo in a six-letter word',
  },
  {
    id: 'zone',
    text: 'Een 30 km/u-zone in de woonbuurt.',
    finds: ['30', 'zone', 'u-zone', 'woonbuurt', 'buurt', '30 km'],
    notFoundBy: ['300', '3'],
    why: 'numbers match exactly, never with typos',
  },
  {
    id: 'noordzuidroute',
    text: 'De doorgaande noord-zuidroute in het oosten.',
    finds: ['noord-zuidroute', 'noordzuidroute', 'zuidroute', 'route', 'noord'],
    notFoundBy: ['noordoost', 'rotonde'],
    why: 'a hyphenated word is found by its parts and by the parts joined',
  },
  {
    id: 'english',
    text: 'The council decided that the parking spaces on this street will be removed.',
    finds: ['parking', 'park', 'spaces', 'space', 'removed', 'remove', 'removing', 'council'],
    notFoundBy: ['the', 'parkeerplaatsen', 'decision'],
    why: 'English text is stemmed with the English stemmer; English stop words are not indexed',
  },
];

describe('search on real council words', () => {
  const index = SearchIndex.create({ userName: null, partyGroup: null });
  for (const row of ROWS) index.put(testDoc({ id: row.id, text: row.text }));
  const found = (query: string) => index.search(query, { limit: 100 }).map((h) => h.id);

  for (const row of ROWS) {
    describe(`"${row.text}" (${row.why})`, () => {
      for (const query of row.finds) {
        it(`is found by "${query}"`, () => {
          expect(found(query)).toContain(row.id);
        });
      }
      for (const query of row.notFoundBy) {
        it(`is not found by "${query}"`, () => {
          expect(found(query)).not.toContain(row.id);
        });
      }
    });
  }

  it('puts the exact word above a typo and a prefix match', () => {
    const exact = testDoc({ id: 'exact', text: 'Een nieuwe fietsenstalling.' });
    const typo = testDoc({ id: 'typo', text: 'Een nieuwe fietsenstaling.' });
    const small = SearchIndex.create({ userName: null, partyGroup: null });
    small.putAll([typo, exact]);
    expect(small.search('fietsenstalling').map((h) => h.id)).toEqual(['exact', 'typo']);
  });
});

describe('fold', () => {
  it('folds case and diacritics, and the ĳ ligature to ij', () => {
    expect(fold('België')).toBe('belgie');
    expect(fold('Coöperatie')).toBe('cooperatie');
    expect(fold('Reünie')).toBe('reunie');
    expect(fold('café')).toBe('cafe');
    expect(fold('Ĳsselmeer')).toBe('ijsselmeer');
    expect(fold('ĳs')).toBe('ijs');
  });
});

describe('tokenize', () => {
  it('keeps words with diacritics, hyphens and apostrophes whole, with their positions', () => {
    const text = "Reünie: scenario's voor de noord-zuidroute (30 km/u).";
    const tokens = tokenize(text);
    expect(tokens.map((t) => t.text)).toEqual(['Reünie', "scenario's", 'voor', 'de', 'noord-zuidroute', '30', 'km', 'u']);
    for (const t of tokens) expect(text.slice(t.start, t.end)).toBe(t.text);
  });
});

describe('indexTerms', () => {
  it('indexes the word, its stem and its compound parts, and nothing for a stop word', () => {
    expect(indexTerms('parkeerplaatsen', 'nl')).toEqual(expect.arrayContaining(['parkeerplaatsen', 'parkeerplaats', 'plaatsen', 'parkeer']));
    expect(indexTerms('de', 'nl')).toEqual([]);
    expect(indexTerms('the', 'en')).toEqual([]);
    // "de" is no English stop word: in an English text it is a word.
    expect(indexTerms('de', 'en')).toEqual(['de']);
  });

  it('does not split a word after a verbal prefix', () => {
    expect(indexTerms('verplaatsen', 'nl')).not.toContain('plaatsen');
    expect(indexTerms('onderweg', 'nl')).not.toContain('weg');
  });

  it('stems Dutch with the Dutch stemmer and English with the English one', () => {
    expect(stem('woningen', 'nl')).toBe('woning');
    expect(stem('bomen', 'nl')).toBe(stem('boom', 'nl'));
    expect(stem('plannen', 'nl')).toBe('plan');
    expect(stem('buildings', 'en')).toBe('build');
  });
});

describe('queryWords', () => {
  it('drops stop words unless the query has nothing else', () => {
    expect(queryWords('de wadi in het park').map((w) => w.word)).toEqual(['wadi', 'park']);
    expect(queryWords('de').map((w) => w.word)).toEqual(['de']);
  });

  it('forgives typos only in longer words, and never in numbers', () => {
    expect(queryWords('wadi bomen woning parkeerplaatsen 2026').map((w) => [w.word, w.typos])).toEqual([
      ['wadi', 0],
      ['bomen', 0],
      ['woning', 1],
      ['parkeerplaatsen', 2],
      ['2026', 0],
    ]);
  });
});

describe('detectLanguage', () => {
  it('calls a text English only when its stop words clearly are', () => {
    expect(detectLanguage('The council decided that the parking spaces on this street will be removed.')).toBe('en');
    expect(detectLanguage('De raad besluit dat de parkeerplaatsen aan de Schiedamseweg vervallen.')).toBe('nl');
    expect(detectLanguage('Parking')).toBe('nl');
  });
});
