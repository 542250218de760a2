// The keyboard help overlay (`?`): every shortcut of shortcuts.ts with what it does, in a modal
// <dialog> (focus moves into it, Escape closes it, focus returns to where it was), so the keys
// are on screen for everyone, not only announced to screen readers.
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { SHORTCUTS } from './shortcuts';

/** How a key is written for people ("Page Down", "+"). */
function keyName(key: string, t: (key: 'shortcuts.keyPageDown' | 'shortcuts.keyPageUp') => string): string {
  if (key === 'PageDown') return t('shortcuts.keyPageDown');
  if (key === 'PageUp') return t('shortcuts.keyPageUp');
  return key.length === 1 ? key.toUpperCase() : key;
}

export function KeyboardHelp({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const dialog = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) element.showModal();
    if (!open && element.open) element.close();
  }, [open]);

  const mapKeys = [
    ['←  →  ↑  ↓', t('shortcuts.mapPan')],
    [`Shift + ←  →`, t('shortcuts.mapRotate')],
    [`Shift + ↑  ↓`, t('shortcuts.mapTilt')],
  ] as const;

  return (
    <dialog ref={dialog} className="keyboard-help" aria-labelledby="keyboard-help-title" onClose={onClose}>
      <h2 id="keyboard-help-title">{t('shortcuts.title')}</h2>
      <table className="keyboard-help__table">
        <caption className="visually-hidden">{t('shortcuts.title')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('shortcuts.colKey')}</th>
            <th scope="col">{t('shortcuts.colAction')}</th>
          </tr>
        </thead>
        <tbody>
          {SHORTCUTS.map((shortcut) => (
            <tr key={shortcut.action}>
              <td>
                {shortcut.keys
                  .filter((key, i, keys) => keys.findIndex((k) => k.toLowerCase() === key.toLowerCase()) === i && key !== '=' && key !== '_')
                  .map((key) => (
                    <kbd key={key}>{keyName(key, t)}</kbd>
                  ))}
              </td>
              <td>
                {t(`shortcuts.${shortcut.action}`)}
                {shortcut.presenting ? ` ${t('shortcuts.whilePresenting')}` : ''}
              </td>
            </tr>
          ))}
          {mapKeys.map(([keys, action]) => (
            <tr key={keys}>
              <td>
                <kbd>{keys}</kbd>
              </td>
              <td>{action}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="button-row">
        <button type="button" onClick={() => dialog.current?.close()}>
          {t('shortcuts.close')}
        </button>
      </p>
    </dialog>
  );
}
