import { describe, expect, it } from 'vitest';
import { parseInline, parseMarkdown, plainText, unsafeMarkdown } from './markdown';
import { NoteBody } from './records';

describe('the Markdown subset of notes', () => {
  it('reads headings, paragraphs, lists and quotes into blocks of text spans', () => {
    expect(parseMarkdown('## Vragen\n\nIs er **budget**?\n\n- bomen\n- *banken*\n\n1. eerst\n2. dan\n\n> citaat')).toEqual([
      { kind: 'heading', level: 2, spans: [{ kind: 'text', text: 'Vragen' }] },
      {
        kind: 'paragraph',
        spans: [
          { kind: 'text', text: 'Is er ' },
          { kind: 'strong', text: 'budget' },
          { kind: 'text', text: '?' },
        ],
      },
      { kind: 'list', ordered: false, items: [[{ kind: 'text', text: 'bomen' }], [{ kind: 'em', text: 'banken' }]] },
      { kind: 'list', ordered: true, items: [[{ kind: 'text', text: 'eerst' }], [{ kind: 'text', text: 'dan' }]] },
      { kind: 'quote', spans: [{ kind: 'text', text: 'citaat' }] },
    ]);
  });

  it('makes links only of http(s) addresses, and keeps other link text as plain text', () => {
    expect(parseInline('zie [het besluit](https://rotterdam.raadsinformatie.nl/x) en https://www.rotterdam.nl/a.')).toEqual([
      { kind: 'text', text: 'zie ' },
      { kind: 'link', label: 'het besluit', href: 'https://rotterdam.raadsinformatie.nl/x' },
      { kind: 'text', text: ' en ' },
      { kind: 'link', label: 'https://www.rotterdam.nl/a', href: 'https://www.rotterdam.nl/a' },
      { kind: 'text', text: '.' },
    ]);
    expect(parseInline('[klik](javascript:alert(1))').some((s) => s.kind === 'link')).toBe(false);
    expect(parseInline('[mail](mailto:a@b.nl)')).toEqual([{ kind: 'text', text: 'mail' }]);
  });

  it('says why a text with HTML, a script address or an image cannot be stored', () => {
    expect(unsafeMarkdown('Gewoon een notitie met 30 < 50 en a > b')).toBeUndefined();
    expect(unsafeMarkdown('hallo <script>alert(1)</script>')).toMatch(/contains HTML \("<script>"\)/);
    expect(unsafeMarkdown('<img src=x onerror=alert(1)>')).toMatch(/contains HTML/);
    expect(unsafeMarkdown('[x](javascript:alert(1))')).toMatch(/links only to http/);
    expect(unsafeMarkdown('ga naar JavaScript :alert(1)')).toMatch(/"JavaScript:" address/);
    expect(unsafeMarkdown('![foto](https://x.nl/a.png)')).toMatch(/image/);
    expect(unsafeMarkdown('bel\u0007')).toMatch(/control character/);
  });

  it('is enforced by the note schema, so app and hub refuse the same texts', () => {
    const target = { kind: 'package', packageId: 'nl.rotterdam.demo.delfshaven' };
    const refused = NoteBody.safeParse({ target, text: 'Kijk <b>hier</b>', visibility: 'private' });
    expect(refused.success).toBe(false);
    expect(refused.error?.issues[0]?.message).toMatch(/contains HTML/);
    expect(NoteBody.safeParse({ target, text: 'Kijk **hier**: https://www.rotterdam.nl', visibility: 'private' }).success).toBe(true);
  });

  it('gives a one-line plain text for lists and summaries', () => {
    expect(plainText('# Titel\n\nMet **nadruk** en [link](https://x.nl)\n\n- een\n- twee')).toBe('Titel Met nadruk en link een twee');
    expect(plainText('a'.repeat(300), 10)).toBe(`${'a'.repeat(9)}…`);
  });
});
