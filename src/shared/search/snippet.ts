// Snippets and highlighted titles as data: a list of {text, match} segments the screen renders
// as text nodes (a match inside <mark>), so a note or a briefing that contains "<script>" or
// "<b>" shows those characters and is never read as HTML. A word is highlighted when one of its
// index terms (normalize.ts, the same rules as indexing) is among the terms the search matched,
// so "parkeerplaatsen" lights up for the query "plaatsen" and "België" for "belgie".
// Pure. Never return markup, and never drop or alter a character of the text inside the window
// (only runs of whitespace become one space).
import type { Language, Token } from './normalize';
import { indexTerms, tokenize } from './normalize';

/** A piece of text; `match` when it is a word the query found. */
export type Segment = { text: string; match: boolean };

/** Longest snippet, in characters, without the ellipses. */
export const SNIPPET_LENGTH = 180;
/** Characters of context shown before the first match of the window. */
const LEAD = 50;
const ELLIPSIS = '…';

function matchingTokens(text: string, matched: ReadonlySet<string>, language: Language): Token[] {
  if (matched.size === 0) return [];
  return tokenize(text).filter((t) => indexTerms(t.text, language).some((term) => matched.has(term)));
}

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ');
}

function segmentsOf(text: string, from: number, to: number, marks: readonly Token[]): Segment[] {
  const out: Segment[] = [];
  let at = from;
  const push = (s: string, match: boolean) => {
    if (s === '') return;
    const last = out[out.length - 1];
    if (last && last.match === match) last.text += s;
    else out.push({ text: s, match });
  };
  for (const m of marks) {
    if (m.start < from || m.end > to) continue;
    push(collapse(text.slice(at, m.start)), false);
    push(text.slice(m.start, m.end), true);
    at = m.end;
  }
  push(collapse(text.slice(at, to)), false);
  return out;
}

/** The whole text with the matched words marked (for a title). */
export function highlightAll(text: string, matched: ReadonlySet<string>, language: Language): Segment[] {
  return segmentsOf(text, 0, text.length, matchingTokens(text, matched, language));
}

/** A word boundary at or before `i` (whitespace), not before `min`. */
function backToSpace(text: string, i: number, min: number): number {
  let j = i;
  while (j > min && !/\s/.test(text[j - 1] ?? '')) j--;
  return j === min ? i : j;
}

/**
 * A window of the text around the matched words, at most `length` characters, starting at a
 * word boundary and marked with an ellipsis where text was left out. The window chosen is the
 * one that holds the most matches; the start of the text when nothing matched.
 */
export function snippet(text: string, matched: ReadonlySet<string>, language: Language, length = SNIPPET_LENGTH): Segment[] {
  const trimmed = text.trim();
  const offset = text.indexOf(trimmed);
  const marks = matchingTokens(text, matched, language);
  if (trimmed.length <= length) return segmentsOf(text, offset, offset + trimmed.length, marks);
  let bestStart = offset;
  let bestCount = -1;
  for (const anchor of marks.slice(0, 50)) {
    const start = Math.max(offset, anchor.start - LEAD);
    const count = marks.filter((m) => m.start >= start && m.end <= start + length).length;
    if (count > bestCount) {
      bestCount = count;
      bestStart = start;
    }
  }
  const start = bestStart === offset ? offset : backToSpace(text, bestStart, offset);
  let end = Math.min(offset + trimmed.length, start + length);
  if (end < offset + trimmed.length) {
    const cut = text.lastIndexOf(' ', end);
    if (cut > start + length / 2) end = cut;
  }
  const body = segmentsOf(text, start, end, marks);
  const first = body[0];
  if (first && !first.match) first.text = first.text.trimStart();
  const last = body[body.length - 1];
  if (last && !last.match) last.text = last.text.trimEnd();
  const out: Segment[] = [];
  if (start > offset) out.push({ text: ELLIPSIS, match: false });
  for (const s of body) {
    const prev = out[out.length - 1];
    if (prev && !prev.match && !s.match) prev.text += s.text;
    else out.push({ ...s });
  }
  if (end < offset + trimmed.length) {
    const tail = out[out.length - 1];
    if (tail && !tail.match) tail.text += ELLIPSIS;
    else out.push({ text: ELLIPSIS, match: false });
  }
  return out.filter((s) => s.text !== '');
}
