// Turns a briefing's Markdown into plain blocks (headings, paragraphs, lists, quotes) that
// React renders as text nodes. Deliberately not a Markdown renderer: package text must
// never become HTML, links or images in the page.

import { parseBlocks, type BlockOf } from '../../../shared/records/markdown';

export type BriefingBlock =
  { kind: 'heading'; level: number; text: string } | { kind: 'paragraph'; text: string } | { kind: 'quote'; text: string } | { kind: 'list'; ordered: boolean; items: string[] };

/** Drops inline Markdown markers (emphasis, code, link targets) and keeps their text. */
export function stripInline(text: string): string {
  return text
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/(\*\*|__)(.+?)\1/g, '$2')
    .replace(/(^|[^\w*])[*_]([^*_\s][^*_]*?)[*_](?=$|[^\w*])/g, '$1$2')
    .replace(/`([^`]*)`/g, '$1');
}

function withText(block: BlockOf<string>): BriefingBlock {
  switch (block.kind) {
    case 'heading':
      return { kind: 'heading', level: block.level, text: block.content };
    case 'list':
      return block;
    default:
      return { kind: block.kind, text: block.content };
  }
}

/** The blocks of a briefing, with the block rules of the notes' Markdown subset and inline markers dropped. */
export function parseBriefing(markdown: string): BriefingBlock[] {
  return parseBlocks(markdown, stripInline).map(withText);
}
