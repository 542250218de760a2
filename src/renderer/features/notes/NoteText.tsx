// A note's (or motion's) text in the Markdown subset of src/shared/records/markdown.ts, as React
// text nodes: paragraphs, lists, quotes, strong, emphasis, code, and links that are only ever
// http(s) and show their full address. Never renders HTML; headings inside a note become bold
// paragraphs, so a note cannot disturb the page's outline.
import { parseMarkdown } from '../../../shared/records/markdown';
import type { Span } from '../../../shared/records/markdown';

function Spans({ spans }: { spans: Span[] }) {
  return (
    <>
      {spans.map((span, i) => {
        switch (span.kind) {
          case 'text':
            return <span key={i}>{span.text}</span>;
          case 'strong':
            return <strong key={i}>{span.text}</strong>;
          case 'em':
            return <em key={i}>{span.text}</em>;
          case 'code':
            return <code key={i}>{span.text}</code>;
          case 'link':
            return (
              <span key={i}>
                {span.label !== span.href ? `${span.label} (` : null}
                <a href={span.href} target="_blank" rel="noopener noreferrer">
                  {span.href}
                </a>
                {span.label !== span.href ? ')' : null}
              </span>
            );
          default: {
            const unreachable: never = span;
            return unreachable;
          }
        }
      })}
    </>
  );
}

export function NoteText({ text }: { text: string }) {
  return (
    <div className="note-text">
      {parseMarkdown(text).map((block, i) => {
        switch (block.kind) {
          case 'heading':
            return (
              <p key={i}>
                <strong>
                  <Spans spans={block.spans} />
                </strong>
              </p>
            );
          case 'paragraph':
            return (
              <p key={i}>
                <Spans spans={block.spans} />
              </p>
            );
          case 'quote':
            return (
              <blockquote key={i}>
                <Spans spans={block.spans} />
              </blockquote>
            );
          case 'list': {
            const items = block.items.map((item, j) => (
              <li key={j}>
                <Spans spans={item} />
              </li>
            ));
            return block.ordered ? <ol key={i}>{items}</ol> : <ul key={i}>{items}</ul>;
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
