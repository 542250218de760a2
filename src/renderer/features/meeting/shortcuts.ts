// The presenter's keyboard shortcuts: one table that both the key handler and the help overlay
// (`?`) read, so what the overlay lists is what the keys do. Single keys without modifiers, as
// presentation remotes send them (PageDown / PageUp); never while a person types in a field.
// Pure apart from useShortcuts, which listens on the document.
import { useEffect, useRef } from 'react';

export type ShortcutAction =
  | 'help'
  | 'overview'
  | 'resetNorth'
  | 'zoomIn'
  | 'zoomOut'
  | 'focusMap'
  | 'fullscreen'
  | 'toggleIndicators'
  | 'toggleBriefing'
  | 'copyLink'
  | 'print'
  | 'present'
  | 'nextStep'
  | 'previousStep'
  | 'blank'
  | 'freeze';

export type Shortcut = {
  action: ShortcutAction;
  /** KeyboardEvent.key values; the first is the one the overlay shows. */
  keys: readonly string[];
  /** Only while presenting. */
  presenting?: boolean;
};

export const SHORTCUTS: readonly Shortcut[] = [
  { action: 'help', keys: ['?'] },
  { action: 'overview', keys: ['o', 'O'] },
  { action: 'resetNorth', keys: ['r', 'R'] },
  { action: 'zoomIn', keys: ['+', '='] },
  { action: 'zoomOut', keys: ['-', '_'] },
  { action: 'focusMap', keys: ['k', 'K'] },
  { action: 'fullscreen', keys: ['f', 'F'] },
  { action: 'toggleIndicators', keys: ['i', 'I'] },
  { action: 'toggleBriefing', keys: ['t', 'T'] },
  { action: 'copyLink', keys: ['l', 'L'] },
  { action: 'print', keys: ['a', 'A'] },
  { action: 'present', keys: ['p', 'P'] },
  { action: 'nextStep', keys: ['PageDown', '.'], presenting: true },
  { action: 'previousStep', keys: ['PageUp', ','], presenting: true },
  { action: 'blank', keys: ['b', 'B'], presenting: true },
  { action: 'freeze', keys: ['v', 'V'], presenting: true },
];

/** What a key does (undefined: nothing, or not now). */
export function actionForKey(key: string, presenting: boolean): ShortcutAction | undefined {
  return SHORTCUTS.find((s) => s.keys.includes(key) && (presenting || s.presenting !== true))?.action;
}

const TEXT_INPUTS = new Set(['text', 'search', 'url', 'email', 'password', 'number', 'tel']);

/** True when keys typed at `target` are text (a field, a text area, a list box): shortcuts stay off. */
export function isTyping(target: EventTarget | null): boolean {
  if (typeof HTMLElement === 'undefined' || !(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  return target instanceof HTMLInputElement && TEXT_INPUTS.has(target.type);
}

/** Calls `onAction` for shortcut keys pressed anywhere on the page (not while typing, not with Ctrl, Alt or Cmd). */
export function useShortcuts(presenting: boolean, onAction: (action: ShortcutAction) => void): void {
  const latest = useRef(onAction);
  useEffect(() => {
    latest.current = onAction;
  });
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent): void => {
      if (event.defaultPrevented || event.ctrlKey || event.altKey || event.metaKey || isTyping(event.target)) return;
      // A dialog (the help overlay) has its own keys.
      if (event.target instanceof Element && event.target.closest('dialog[open]') && event.key !== '?') return;
      const action = actionForKey(event.key, presenting);
      if (action === undefined) return;
      event.preventDefault();
      latest.current(action);
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [presenting]);
}
