// The agenda item's briefing as plain text blocks (see briefing.ts); never as HTML.
import { createElement } from 'react';
import { parseBriefing } from './briefing';

/**
 * `baseLevel` is the level the briefing's highest heading gets (the section itself has an
 * h2), so the outline has no gaps. A leading heading equal to `title` is dropped: the
 * page's h1 already says it.
 */
export function Briefing({ markdown, title, baseLevel = 3 }: { markdown: string; title?: string; baseLevel?: number }) {
  const parsed = parseBriefing(markdown);
  const first = parsed[0];
  const blocks = first?.kind === 'heading' && first.text.trim() === title?.trim() ? parsed.slice(1) : parsed;
  const topLevel = Math.min(6, ...blocks.map((block) => (block.kind === 'heading' ? block.level : 6)));
  return (
    <div className="briefing">
      {blocks.map((block, index) => {
        switch (block.kind) {
          case 'heading':
            return createElement(`h${Math.min(6, baseLevel + block.level - topLevel)}`, { key: index }, block.text);
          case 'paragraph':
            return <p key={index}>{block.text}</p>;
          case 'quote':
            return (
              <blockquote key={index}>
                <p>{block.text}</p>
              </blockquote>
            );
          case 'list': {
            const items = block.items.map((item, itemIndex) => <li key={itemIndex}>{item}</li>);
            return block.ordered ? <ol key={index}>{items}</ol> : <ul key={index}>{items}</ul>;
          }
          default: {
            const unreachable: never = block;
            return unreachable;
          }
        }
      })}
    </div>
  );
}
