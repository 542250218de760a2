// Turns a briefing's Markdown into plain blocks (headings, paragraphs, lists, quotes) that
// React renders as text nodes. Deliberately not a Markdown renderer: package text must
// never become HTML, links or images in the page.

export type BriefingBlock =
  { kind: 'heading'; level: number; text: string } | { kind: 'paragraph'; text: string } | { kind: 'quote'; text: string } | { kind: 'list'; ordered: boolean; items: string[] };

const BULLET = /^\s*[-*+]\s+/;
const NUMBERED = /^\s*\d{1,9}[.)]\s+/;
const HEADING = /^(#{1,6})\s+(.*?)\s*#*\s*$/;
const QUOTE = /^\s*>\s?/;

/** Drops inline Markdown markers (emphasis, code, link targets) and keeps their text. */
export function stripInline(text: string): string {
  return text
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/(\*\*|__)(.+?)\1/g, '$2')
    .replace(/(^|[^\w*])[*_]([^*_\s][^*_]*?)[*_](?=$|[^\w*])/g, '$1$2')
    .replace(/`([^`]*)`/g, '$1');
}

function parseChunk(lines: string[], blocks: BriefingBlock[]): void {
  let paragraph: string[] = [];
  let list: { ordered: boolean; items: string[] } | undefined;
  const flush = () => {
    if (paragraph.length > 0) blocks.push({ kind: 'paragraph', text: stripInline(paragraph.join(' ')) });
    if (list !== undefined) blocks.push({ kind: 'list', ordered: list.ordered, items: list.items.map(stripInline) });
    paragraph = [];
    list = undefined;
  };
  for (const line of lines) {
    const heading = HEADING.exec(line);
    const marker = BULLET.exec(line) ?? NUMBERED.exec(line);
    if (heading) {
      flush();
      blocks.push({ kind: 'heading', level: heading[1]?.length ?? 1, text: stripInline(heading[2] ?? '') });
    } else if (marker) {
      const ordered = NUMBERED.test(line);
      if (paragraph.length > 0 || (list !== undefined && list.ordered !== ordered)) flush();
      list ??= { ordered, items: [] };
      list.items.push(line.slice(marker[0].length).trim());
    } else if (list !== undefined && /^\s+/.test(line)) {
      // A continuation line of the previous item.
      list.items[list.items.length - 1] = `${list.items[list.items.length - 1] ?? ''} ${line.trim()}`;
    } else {
      if (list !== undefined) flush();
      paragraph.push(line.trim());
    }
  }
  flush();
}

export function parseBriefing(markdown: string): BriefingBlock[] {
  const blocks: BriefingBlock[] = [];
  for (const chunk of markdown.replace(/\r\n?/g, '\n').split(/\n\s*\n/)) {
    const lines = chunk.split('\n').filter((line) => line.trim() !== '');
    if (lines.length === 0) continue;
    if (lines.every((line) => QUOTE.test(line))) {
      blocks.push({ kind: 'quote', text: stripInline(lines.map((line) => line.replace(QUOTE, '').trim()).join(' ')) });
    } else {
      parseChunk(lines, blocks);
    }
  }
  return blocks;
}
