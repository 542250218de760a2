// Tabs after the WAI-ARIA pattern: a tablist of buttons (arrow keys, Home and End move between
// them; the selected one is the only tab stop) and the selected tab's panel. The parent owns
// which tab is selected, so keyboard shortcuts elsewhere can select one too.
import { useId, useRef } from 'react';
import type { KeyboardEvent, ReactNode } from 'react';

export type TabItem<K extends string> = { key: K; label: string; panel: ReactNode };

export function Tabs<K extends string>({ label, items, selected, onSelect }: { label: string; items: readonly TabItem<K>[]; selected: K; onSelect: (key: K) => void }) {
  const baseId = useId();
  const buttons = useRef(new Map<K, HTMLButtonElement>());
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    const at = items.findIndex((item) => item.key === selected);
    const to = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: items.length - 1 }[event.key];
    if (to === undefined) return;
    event.preventDefault();
    const next = items[(to + items.length) % items.length];
    if (!next) return;
    onSelect(next.key);
    buttons.current.get(next.key)?.focus();
  };
  const current = items.find((item) => item.key === selected) ?? items[0];
  return (
    <div className="tabs">
      <div role="tablist" aria-label={label} className="tabs__list" onKeyDown={onKeyDown}>
        {items.map((item) => (
          <button
            key={item.key}
            ref={(element) => {
              if (element) buttons.current.set(item.key, element);
              else buttons.current.delete(item.key);
            }}
            type="button"
            role="tab"
            id={`${baseId}-tab-${item.key}`}
            aria-selected={item.key === current?.key}
            aria-controls={`${baseId}-panel-${item.key}`}
            tabIndex={item.key === current?.key ? 0 : -1}
            className="tabs__tab"
            onClick={() => onSelect(item.key)}
          >
            {item.label}
          </button>
        ))}
      </div>
      {current ? (
        <div role="tabpanel" id={`${baseId}-panel-${current.key}`} aria-labelledby={`${baseId}-tab-${current.key}`} className="tabs__panel" tabIndex={0}>
          {current.panel}
        </div>
      ) : null}
    </div>
  );
}
