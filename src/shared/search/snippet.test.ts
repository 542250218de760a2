// Snippets and titles as {text, match} data, never markup: what a note or briefing says is
// returned character for character, so "<script>" and "<b>" stay text for the screen to show.
import { describe, expect, it } from 'vitest';
import { testDoc } from '../../../tests/helpers/searchDocuments';
import { SearchIndex } from './searchIndex';
import type { Segment } from './snippet';
import { highlightAll, snippet } from './snippet';

const joined = (segments: Segment[]) => segments.map((s) => s.text).join('');
const marked = (segments: Segment[]) => segments.filter((s) => s.match).map((s) => s.text);

describe('snippets', () => {
  it('keeps markup in a note as literal text and marks only the matching word', () => {
    const index = SearchIndex.create({ userName: null, partyGroup: null });
    const text = 'Zie <script>alert("wadi")</script> en <b>vet</b> bij de wadi.';
    index.put(testDoc({ id: 'n', title: '<b>Wadi</b> & <i>meer</i>', text }));
    const [hit] = index.search('wadi');
    if (!hit) throw new Error('no hit');
    expect(joined(hit.snippet)).toBe(text);
    expect(joined(hit.title)).toBe('<b>Wadi</b> & <i>meer</i>');
    expect(marked(hit.snippet)).toEqual(['wadi', 'wadi']);
    expect(marked(hit.title)).toEqual(['Wadi']);
    expect(hit.snippet).toContainEqual({ text: 'Zie <script>alert("', match: false });
  });

  it('shows a window around the matches of a long text, cut at words, with ellipses', () => {
    const filler = 'De raad spreekt over de begroting en de kosten van het onderhoud. '.repeat(10);
    const text = `${filler}Bij wolkbreuken loopt het riool over. ${filler}`;
    const segments = snippet(text, new Set(['wolkbreuken', 'riool']), 'nl', 120);
    const shown = joined(segments);
    expect(shown.startsWith('…')).toBe(true);
    expect(shown.endsWith('…')).toBe(true);
    expect(shown.length).toBeLessThanOrEqual(122);
    expect(marked(segments)).toEqual(['wolkbreuken', 'riool']);
    expect(text.replace(/\s+/g, ' ')).toContain(shown.slice(1, -1).trim());
  });

  it('shows the start of the text when nothing in it matched, and folds runs of whitespace', () => {
    const segments = snippet('Eerste regel.\n\n   Tweede   regel.', new Set(['ander']), 'nl');
    expect(segments).toEqual([{ text: 'Eerste regel. Tweede regel.', match: false }]);
  });

  it('marks a word by any of its index terms: a diacritic, a stem, a compound part', () => {
    expect(marked(highlightAll('Reünie in België over parkeerplaatsen', new Set(['belgie', 'reunie', 'plaatsen']), 'nl'))).toEqual(['Reünie', 'België', 'parkeerplaatsen']);
  });
});
