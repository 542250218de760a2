import { describe, expect, it } from 'vitest';
import { parseBriefing, stripInline } from './briefing';

describe('parseBriefing', () => {
  it('splits paragraphs on blank lines and joins wrapped lines', () => {
    expect(parseBriefing('Eerste regel\ntweede regel.\n\nNieuwe alinea.')).toEqual([
      { kind: 'paragraph', text: 'Eerste regel tweede regel.' },
      { kind: 'paragraph', text: 'Nieuwe alinea.' },
    ]);
  });

  it('recognises headings by their leading # and keeps their level', () => {
    expect(parseBriefing('# Herinrichting\n\n## Achtergrond\nTekst.')).toEqual([
      { kind: 'heading', level: 1, text: 'Herinrichting' },
      { kind: 'heading', level: 2, text: 'Achtergrond' },
      { kind: 'paragraph', text: 'Tekst.' },
    ]);
  });

  it('turns bullet lines into a list', () => {
    expect(parseBriefing('Ingrepen:\n- een park\n- 30 km/u')).toEqual([
      { kind: 'paragraph', text: 'Ingrepen:' },
      { kind: 'list', ordered: false, items: ['een park', '30 km/u'] },
    ]);
  });

  it('turns numbered lines into an ordered list and joins indented continuation lines', () => {
    expect(parseBriefing('1. **Groen**: parken\n   en bomen.\n2. Wonen.\n- los')).toEqual([
      { kind: 'list', ordered: true, items: ['Groen: parken en bomen.', 'Wonen.'] },
      { kind: 'list', ordered: false, items: ['los'] },
    ]);
  });

  it('keeps a quoted block as one quote without the > markers', () => {
    expect(parseBriefing('> **Demo.** Fictief\n> voorstel.\n\nTekst.')).toEqual([
      { kind: 'quote', text: 'Demo. Fictief voorstel.' },
      { kind: 'paragraph', text: 'Tekst.' },
    ]);
  });

  it('keeps HTML as literal text (React escapes it)', () => {
    expect(parseBriefing('<img src=x onerror=alert(1)>')).toEqual([{ kind: 'paragraph', text: '<img src=x onerror=alert(1)>' }]);
  });
});

describe('stripInline', () => {
  it('drops emphasis, code and link targets but keeps their text', () => {
    expect(stripInline('**Let op**: zie [het raadsvoorstel](https://example.org) en `code` en *nadruk*')).toBe('Let op: zie het raadsvoorstel en code en nadruk');
  });

  it('leaves arithmetic and snake_case alone', () => {
    expect(stripInline('2 * 3 = 6 en max_hoogte')).toBe('2 * 3 = 6 en max_hoogte');
  });
});
