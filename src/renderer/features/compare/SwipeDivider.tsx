// The divider of the swipe comparison: a slider (role="slider") that mouse, touch, pen and
// keyboard move. Arrow keys move it 2 %, Page Up / Page Down 10 %, Home and End to the edges.
// Pointer drags use pointer capture, so a drag that leaves the handle keeps going. While a drag
// is under way the position is reported with `onInput` (the maps clip live); the new position
// is committed with `onChange` when it ends (the link records it). Home-made on purpose: the
// engine's compare plugin has no keyboard support (notes/libs.md).
import { useRef } from 'react';
import type { KeyboardEvent, PointerEvent } from 'react';

const KEY_STEP = 0.02;
const PAGE_STEP = 0.1;

export type SwipeDividerProps = {
  /** 0 (left edge) to 1 (right edge). */
  value: number;
  onInput: (value: number) => void;
  onChange: (value: number) => void;
  /** Accessible name ("Scheiding tussen de kaarten"). */
  label: string;
  /** What the position means in words ("Links Huidige situatie, rechts Mobiliteit: 50 %"). */
  valueText: string;
};

const clamp = (v: number) => Math.min(1, Math.max(0, Math.round(v * 1000) / 1000));

export function SwipeDivider({ value, onInput, onChange, label, valueText }: SwipeDividerProps) {
  const dragging = useRef(false);
  const last = useRef(value);

  const positionOf = (event: PointerEvent<HTMLDivElement>): number => {
    const area = event.currentTarget.parentElement?.getBoundingClientRect();
    return area && area.width > 0 ? clamp((event.clientX - area.left) / area.width) : value;
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    const step = { ArrowLeft: -KEY_STEP, ArrowDown: -KEY_STEP, ArrowRight: KEY_STEP, ArrowUp: KEY_STEP, PageDown: -PAGE_STEP, PageUp: PAGE_STEP }[event.key];
    let next: number | undefined;
    if (step !== undefined) next = clamp(value + step);
    else if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = 1;
    if (next === undefined) return;
    event.preventDefault();
    // The divider's keys are its own: the page's shortcuts (PageDown: next step) must not see them.
    event.stopPropagation();
    onInput(next);
    onChange(next);
  };

  return (
    <div
      className="swipe-divider"
      role="slider"
      tabIndex={0}
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={Math.round(value * 100)}
      aria-valuetext={valueText}
      aria-orientation="horizontal"
      style={{ left: `${value * 100}%` }}
      onKeyDown={onKeyDown}
      onPointerDown={(event) => {
        dragging.current = true;
        event.currentTarget.setPointerCapture(event.pointerId);
        event.currentTarget.focus();
      }}
      onPointerMove={(event) => {
        if (!dragging.current) return;
        last.current = positionOf(event);
        onInput(last.current);
      }}
      onPointerUp={(event) => {
        if (!dragging.current) return;
        dragging.current = false;
        onChange(positionOf(event));
      }}
      onPointerCancel={() => {
        if (!dragging.current) return;
        dragging.current = false;
        onChange(last.current);
      }}
    >
      <span className="swipe-divider__line" aria-hidden="true" />
      <span className="swipe-divider__grip" aria-hidden="true">
        ◀ ▶
      </span>
    </div>
  );
}
