// The documents (PDF) of an agenda item: one button per attachment that saves the file
// through the Host, with its size shown before the user asks for it. The result (saved,
// cancelled, failed) is announced in words. Data access and saving come in as props, so
// this component never reads the database or touches Electron itself.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Attachment } from '../../../shared/packageFormat';
import { formatNumber } from '../common/format';

/** What saving one attachment gave: the saved file's name, or a cancelled dialog. */
export type SaveOutcome = { kind: 'saved'; name: string } | { kind: 'cancelled' };

/** "950 bytes", "12 kB", "3,4 MB" in the UI language. */
export function formatSize(bytes: number, language: string): string {
  if (bytes < 1000) return `${formatNumber(bytes, language)} bytes`;
  if (bytes < 1_000_000) return `${formatNumber(bytes / 1000, language, { maximumFractionDigits: 0 })} kB`;
  return `${formatNumber(bytes / 1_000_000, language, { maximumFractionDigits: 1 })} MB`;
}

type Status = { kind: 'saved' | 'cancelled' | 'failed'; title: string; name?: string };

export function Attachments({ attachments, onSave }: { attachments: readonly Attachment[]; onSave: (attachment: Attachment) => Promise<SaveOutcome> }) {
  const { t, i18n } = useTranslation();
  const language = i18n.resolvedLanguage ?? 'nl';
  const [busy, setBusy] = useState<string | null>(null);
  const [status, setStatus] = useState<Status | null>(null);

  const save = async (attachment: Attachment): Promise<void> => {
    setBusy(attachment.path);
    setStatus(null);
    try {
      const outcome = await onSave(attachment);
      setStatus(outcome.kind === 'saved' ? { kind: 'saved', title: attachment.title, name: outcome.name } : { kind: 'cancelled', title: attachment.title });
    } catch (error) {
      console.warn(`Saving attachment ${attachment.path} failed`, error);
      setStatus({ kind: 'failed', title: attachment.title });
    } finally {
      setBusy(null);
    }
  };

  return (
    <>
      <ul className="attachment-list">
        {attachments.map((attachment) => (
          <li key={attachment.path}>
            <button type="button" onClick={() => void save(attachment)} disabled={busy !== null} title={t('agendaItem.attachmentSaveHint')}>
              {attachment.title}
            </button>{' '}
            <span className="attachment-meta">({t('agendaItem.attachmentMeta', { size: formatSize(attachment.size, language) })})</span>
          </li>
        ))}
      </ul>
      <p role="status" className={status?.kind === 'failed' ? 'error' : undefined}>
        {status?.kind === 'saved'
          ? t('agendaItem.attachmentSaved', { title: status.title, name: status.name })
          : status?.kind === 'cancelled'
            ? t('agendaItem.attachmentCancelled', { title: status.title })
            : status?.kind === 'failed'
              ? t('agendaItem.attachmentFailed', { title: status.title })
              : null}
      </p>
    </>
  );
}
