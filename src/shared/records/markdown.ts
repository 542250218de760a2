// The Markdown subset of notes, motions and decisions: headings, paragraphs, bullet and
// numbered lists, quotes, and inline strong, emphasis, code and links. Parsed into plain
// blocks of text spans that the UI renders as React text nodes; a link keeps its address
// only when it is http(s), and the UI shows that address in full. Also says what a text must
// not hold (unsafeMarkdown): HTML tags and links to anything but http(s), which the app and
// the hub both refuse, so a stored text never carries markup or a script. Pure.
// Must never produce HTML, and never turn a non-http(s) address into a link.

/** One piece of inline text. A link's `href` is a parsed http(s) URL, never anything else. */
export type Span =
  { kind: 'text'; text: string } | { kind: 'strong'; text: string } | { kind: 'em'; text: string } | { kind: 'code'; text: string } | { kind: 'link'; label: string; href: string };

export type MarkdownBlock =
  { kind: 'heading'; level: number; spans: Span[] } | { kind: 'paragraph'; spans: Span[] } | { kind: 'quote'; spans: Span[] } | { kind: 'list'; ordered: boolean; items: Span[][] };

const BULLET = /^\s*[-*+]\s+/;
const NUMBERED = /^\s*\d{1,9}[.)]\s+/;
const HEADING = /^(#{1,6})\s+(.*?)\s*#*\s*$/;
const QUOTE = /^\s*>\s?/;

/** `<tag …>`, `</tag>`, `<!-- … >`, `<? … >`: anything a browser would read as markup. */
const HTML_TAG = /<\/?[a-z!?][^<>]*>/i;
/** `[label](target)` with its target. */
const LINK_SYNTAX = /!?\[([^\]]*)\]\(\s*([^)\s]*)[^)]*\)/g;
/** Schemes a browser runs or loads as content, written bare. */
const BARE_DANGEROUS = /\b(?:javascript|vbscript|data|file)\s*:/i;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** The address if `raw` is an absolute http(s) URL, else undefined. */
export function safeHref(raw: string): string | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  if (url.username !== '' || url.password !== '') return undefined;
  return url.href;
}

/** What makes a text unstorable (for the UI's sentence), with the part of the text that does. */
export type UnsafeMarkdown = { kind: 'html' | 'image' | 'link' | 'scheme' | 'control'; found: string };

/** The first thing in `text` that may not be stored, or undefined. */
export function findUnsafeMarkdown(text: string): UnsafeMarkdown | undefined {
  const tag = HTML_TAG.exec(text);
  if (tag) return { kind: 'html', found: tag[0].slice(0, 40) };
  for (const match of text.matchAll(LINK_SYNTAX)) {
    if (match[0].startsWith('!')) return { kind: 'image', found: match[0].slice(0, 60) };
    if (safeHref(match[2] ?? '') === undefined) return { kind: 'link', found: (match[2] ?? '').slice(0, 60) };
  }
  const bare = BARE_DANGEROUS.exec(text);
  if (bare) return { kind: 'scheme', found: bare[0].replace(/\s/g, '') };
  if (CONTROL.test(text)) return { kind: 'control', found: '' };
  return undefined;
}

/**
 * Why a text may not be stored, or undefined when it may: an HTML tag (`<script>`, `<img …>`),
 * a link whose address is not http(s) (`[x](javascript:…)`), a `javascript:`/`data:` address
 * written bare, or a control character. The answer names what to change.
 */
export function unsafeMarkdown(text: string): string | undefined {
  const problem = findUnsafeMarkdown(text);
  if (problem === undefined) return undefined;
  switch (problem.kind) {
    case 'html':
      return `contains HTML (${JSON.stringify(problem.found)}); notes are plain text with a little Markdown: remove the tag`;
    case 'image':
      return 'contains an image; images are not shown: write the address as a link instead';
    case 'link':
      return `links only to http:// or https:// addresses; ${JSON.stringify(problem.found)} is not one`;
    case 'scheme':
      return `contains a "${problem.found}" address, which is never allowed: write an https:// address`;
    case 'control':
      return 'contains a control character; remove it';
    default: {
      const unreachable: never = problem.kind;
      return unreachable;
    }
  }
}

const INLINE = /(\*\*|__)(.+?)\1|(?<![\w*])[*_]([^*_\s][^*_]*?)[*_](?![\w*])|`([^`]+)`|\[([^\]]*)\]\(\s*([^)\s]*)[^)]*\)|(https?:\/\/[^\s<>()]+[^\s<>().,;:!?'"])/g;

/** Inline spans of one line of text. */
export function parseInline(text: string): Span[] {
  const spans: Span[] = [];
  const push = (span: Span) => {
    const last = spans[spans.length - 1];
    if (span.kind === 'text' && last?.kind === 'text') last.text += span.text;
    else if (span.kind !== 'text' || span.text !== '') spans.push(span);
  };
  let at = 0;
  for (const m of text.matchAll(INLINE)) {
    const index = m.index ?? 0;
    push({ kind: 'text', text: text.slice(at, index) });
    at = index + m[0].length;
    if (m[2] !== undefined) push({ kind: 'strong', text: m[2] });
    else if (m[3] !== undefined) push({ kind: 'em', text: m[3] });
    else if (m[4] !== undefined) push({ kind: 'code', text: m[4] });
    else if (m[6] !== undefined) {
      const href = safeHref(m[6]);
      const label = (m[5] ?? '').trim();
      // Not an http(s) address: the text stays, but it never becomes a link.
      push(href ? { kind: 'link', label: label || href, href } : { kind: 'text', text: label || m[6] });
    } else if (m[7] !== undefined) {
      const href = safeHref(m[7]);
      push(href ? { kind: 'link', label: m[7], href } : { kind: 'text', text: m[7] });
    }
  }
  push({ kind: 'text', text: text.slice(at) });
  return spans;
}

/** The block structure of the Markdown subset, each piece of inline text turned into `I`. */
export type BlockOf<I> =
  { kind: 'heading'; level: number; content: I } | { kind: 'paragraph'; content: I } | { kind: 'quote'; content: I } | { kind: 'list'; ordered: boolean; items: I[] };

function parseChunk<I>(lines: string[], inline: (text: string) => I, blocks: BlockOf<I>[]): void {
  let paragraph: string[] = [];
  let list: { ordered: boolean; items: string[] } | undefined;
  const flush = () => {
    if (paragraph.length > 0) blocks.push({ kind: 'paragraph', content: inline(paragraph.join(' ')) });
    if (list !== undefined) blocks.push({ kind: 'list', ordered: list.ordered, items: list.items.map(inline) });
    paragraph = [];
    list = undefined;
  };
  for (const line of lines) {
    const heading = HEADING.exec(line);
    const marker = BULLET.exec(line) ?? NUMBERED.exec(line);
    if (heading) {
      flush();
      blocks.push({ kind: 'heading', level: heading[1]?.length ?? 1, content: inline(heading[2] ?? '') });
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

/**
 * The blocks (headings, paragraphs, lists, quotes) of a text in the Markdown subset, with
 * `inline` applied to each piece of inline text. Shared by notes (spans) and briefings (plain text).
 */
export function parseBlocks<I>(markdown: string, inline: (text: string) => I): BlockOf<I>[] {
  const blocks: BlockOf<I>[] = [];
  for (const chunk of markdown.replace(/\r\n?/g, '\n').split(/\n\s*\n/)) {
    const lines = chunk.split('\n').filter((line) => line.trim() !== '');
    if (lines.length === 0) continue;
    if (lines.every((line) => QUOTE.test(line))) blocks.push({ kind: 'quote', content: inline(lines.map((line) => line.replace(QUOTE, '').trim()).join(' ')) });
    else parseChunk(lines, inline, blocks);
  }
  return blocks;
}

function withSpans(block: BlockOf<Span[]>): MarkdownBlock {
  switch (block.kind) {
    case 'heading':
      return { kind: 'heading', level: block.level, spans: block.content };
    case 'list':
      return block;
    default:
      return { kind: block.kind, spans: block.content };
  }
}

/** The blocks of a text in the Markdown subset. */
export function parseMarkdown(markdown: string): MarkdownBlock[] {
  return parseBlocks(markdown, parseInline).map(withSpans);
}

/** The text of a note without its Markdown, on one line: for lists, titles and summaries. */
export function plainText(markdown: string, max = 200): string {
  const text = parseMarkdown(markdown)
    .flatMap((b) => (b.kind === 'list' ? b.items.flat() : b.spans))
    .map((s) => (s.kind === 'link' ? s.label : s.text))
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim();
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
