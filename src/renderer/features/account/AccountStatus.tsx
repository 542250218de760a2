// The header's part of sign-in and sync: who is signed in (a link to #/account) and what sync
// is doing — offline, syncing, when it last synced, how many changes wait, have two versions or
// were not sent — with a "Nu synchroniseren" button. A polite live region, so a screen reader
// hears the state change without losing its place. Renders text only.
import { useTranslation } from 'react-i18next';
import { useSignedInAccount, useSyncCounts } from '../../data/syncHooks';
import { hrefFor } from '../../router';
import type { SyncStatus } from '../../sync/scheduler';
import { useSyncStatus } from '../../sync/syncClient';
import { localeFor } from '../../i18n/languages';
import { syncNow } from './session';
import type { TFunction } from 'i18next';

/** The status in words (without the counts). */
export function syncStatusText(status: SyncStatus, t: TFunction, language: string, lastSyncedAt: string | null): string {
  switch (status.kind) {
    case 'stopped':
      return lastSyncedAt ? t('sync.synced', { time: timeOf(lastSyncedAt, language) }) : t('sync.stopped');
    case 'syncing':
      return t('sync.syncing');
    case 'synced':
      return t('sync.synced', { time: timeOf(status.at, language) });
    case 'offline':
      return t('sync.offline', { seconds: status.retryInSeconds });
    case 'retrying':
      return t('sync.retrying', { seconds: status.retryInSeconds });
    case 'failed':
      return t('sync.failed');
    case 'revoked':
      return t('account.revokedTitle');
    case 'tokenRefused':
      return t('account.tokenRefused');
    default: {
      const unreachable: never = status;
      return unreachable;
    }
  }
}

function timeOf(iso: string, language: string): string {
  return new Intl.DateTimeFormat(localeFor(language), { hour: '2-digit', minute: '2-digit' }).format(new Date(iso));
}

export function AccountStatus() {
  const { t, i18n } = useTranslation();
  const account = useSignedInAccount();
  const counts = useSyncCounts(account);
  const status = useSyncStatus();
  if (account === undefined) return null;
  if (account === null) {
    return (
      <a className="account-status account-status--out" href={hrefFor({ kind: 'account' })}>
        {t('account.signInLink')}
      </a>
    );
  }
  const role = t(`account.roles.${account.role}`);
  const who = account.partyGroup
    ? t('account.signedInAsGroup', { name: account.userName, role, group: account.partyGroup })
    : t('account.signedInAs', { name: account.userName, role });
  const parts = [syncStatusText(status, t, i18n.resolvedLanguage ?? 'nl', account.lastSyncedAt)];
  if (counts?.pending) parts.push(t('sync.pending', { count: counts.pending }));
  if (counts?.conflicts) parts.push(t('sync.conflicts', { count: counts.conflicts }));
  if (counts?.rejected) parts.push(t('sync.rejected', { count: counts.rejected }));
  return (
    <div className="account-status" data-sync-state={status.kind}>
      <a href={hrefFor({ kind: 'account' })}>{who}</a>
      <span className="sync-state" role="status" aria-live="polite">
        {parts.join(' · ')}
      </span>
      <button type="button" className="secondary small" onClick={syncNow} disabled={status.kind === 'syncing'}>
        {t('sync.now')}
      </button>
    </div>
  );
}
