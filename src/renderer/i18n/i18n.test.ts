// The translation tree: one file per area and language, Dutch and English with exactly the same
// keys and the same interpolation variables per key, no empty strings, no markup, and the words
// a council clerk expects (DESIGN.md "People and words").
import { describe, expect, it } from 'vitest';
import { AREAS, resources } from './resources';

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [k, v] of flatten(value, path)) out.set(k, v);
  }
  return out;
}

const variables = (text: string) => [...text.matchAll(/\{\{\s*([\w.]+)\s*(?:,[^}]*)?\}\}/g)].map((m) => m[1]).sort();

const dutch = flatten(resources.nl.translation as Tree);
const english = flatten(resources.en.translation as Tree);

describe('translations', () => {
  it('have the same keys in Dutch and English, file by file', () => {
    expect(Object.keys(AREAS.en)).toEqual(Object.keys(AREAS.nl));
    for (const area of Object.keys(AREAS.nl) as (keyof typeof AREAS.nl)[]) {
      const nl = [...flatten(AREAS.nl[area] as Tree).keys()];
      const en = [...flatten(AREAS.en[area] as Tree).keys()];
      expect({ area, onlyDutch: nl.filter((k) => !en.includes(k)), onlyEnglish: en.filter((k) => !nl.includes(k)) }).toEqual({ area, onlyDutch: [], onlyEnglish: [] });
    }
    expect(dutch.size).toBeGreaterThan(150);
  });

  it('use the same interpolation variables for each key in both languages', () => {
    const mismatched = [...dutch].filter(([key, value]) => variables(value).join() !== variables(english.get(key) ?? '').join()).map(([key]) => key);
    expect(mismatched).toEqual([]);
  });

  it('give each top-level group one home: no two area files define the same one', () => {
    const homes = new Map<string, string[]>();
    for (const [area, tree] of Object.entries(AREAS.nl)) for (const group of Object.keys(tree)) homes.set(group, [...(homes.get(group) ?? []), area]);
    expect([...homes].filter(([, areas]) => areas.length > 1)).toEqual([]);
  });

  it('have no empty values and no markup', () => {
    const bad = [...dutch, ...english].filter(([, value]) => value.trim() === '' || /<[a-z/!]/i.test(value)).map(([key]) => key);
    expect(bad).toEqual([]);
  });

  it('use the Dutch council words of DESIGN.md', () => {
    expect(dutch.get('agendaItem.number')).toContain('Agendapunt');
    expect(dutch.get('agendaItem.interventions')).toContain('Ingrepen');
    expect(dutch.get('package.meetings')).toBe('Vergaderingen');
  });

  it('say "openbare sleutel" for a public key and "vertrouwd" for a pinned one, and name commands as infinitives', () => {
    const dutchText = [...dutch.values()].join('\n');
    expect(dutchText).not.toMatch(/publieke sleutel/i);
    expect(dutchText).not.toMatch(/vastgezet/i);
    expect(dutchText).toMatch(/openbare sleutel/);
    expect(dutch.get('updates.importLabel')).toBe('Pakketbestand importeren');
    expect(dutch.get('updates.update')).toBe('Pakketten bijwerken');
  });
});
