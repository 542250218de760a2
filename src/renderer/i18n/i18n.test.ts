import { describe, expect, it } from 'vitest';
import { resources } from './index';

const nl = resources.nl.translation;
const en = resources.en.translation;

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

const placeholders = (text: string) => [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();

describe('translations', () => {
  const dutch = flatten(nl as Tree);
  const english = flatten(en as Tree);

  it('has the same keys in Dutch and English', () => {
    const onlyDutch = [...dutch.keys()].filter((k) => !english.has(k));
    const onlyEnglish = [...english.keys()].filter((k) => !dutch.has(k));
    expect({ onlyDutch, onlyEnglish }).toEqual({ onlyDutch: [], onlyEnglish: [] });
    expect(dutch.size).toBeGreaterThan(50);
  });

  it('has no empty values', () => {
    const empty = [...dutch, ...english].filter(([, value]) => value.trim() === '').map(([key]) => key);
    expect(empty).toEqual([]);
  });

  it('uses the same interpolation placeholders in both languages', () => {
    const mismatched = [...dutch].filter(([key, value]) => placeholders(value).join() !== placeholders(english.get(key) ?? '').join()).map(([key]) => key);
    expect(mismatched).toEqual([]);
  });

  it('uses the Dutch council words of DESIGN.md', () => {
    expect(nl.agendaItem.number).toContain('Agendapunt');
    expect(nl.agendaItem.interventions).toContain('Ingrepen');
    expect(nl.package.meetings).toBe('Vergaderingen');
  });
});
