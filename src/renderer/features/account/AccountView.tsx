// Screen `#/account`: signing this computer in to the hub (the hub it was started with; its key
// code shown in the same groups as on the hub's console, to compare by reading aloud; then the
// one-time sign-in code), or, when signed in, who and which device, the changes the hub refused
// with the person's text, and signing out (with a warning when changes wait: they stay, for this
// person only). A revoked device's notice lists what could not be sent. Messages belong to the
// step they are about and disappear when the person changes that step's input.
// Renders text only; never shows the token.
import { useEffect, useId, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ErrorCode } from '../../../shared/errors';
import { NoteBody } from '../../../shared/records/records';
import { keyCodeLines, parseEnrolmentCode } from '../../../shared/sync/codes';
import { useSetting, useTrustedKeys } from '../../data/settings';
import { dismissAppIssue, newRecordId, saveAppRecord, useSignedInAccount, useSyncCounts, useSyncIssues } from '../../data/syncHooks';
import type { AccountRecord, IssueRecord } from '../../data/types';
import { describeError, errorMessageKey } from '../../i18n/errorMessage';
import { hrefFor } from '../../router';
import { useSyncStatus } from '../../sync/syncClient';
import { PageHeading } from '../common/routeFocus';
import { formatDateTime } from '../common/format';
import { Field } from '../updates/Field';
import { syncStatusText } from './AccountStatus';
import { hubKeyCode, proposedHub, signIn, signOut, syncNow, trustHubKey } from './session';

/** A key id as four lines of four groups, each line kept whole. */
export function KeyCode({ keyid }: { keyid: string }) {
  return (
    <code className="keycode" aria-label={keyCodeLines(keyid).join(', ')}>
      {keyCodeLines(keyid).map((line) => (
        <span key={line} className="keycode-line">
          {line}
        </span>
      ))}
    </code>
  );
}

type KeyStep =
  | { kind: 'idle' }
  | { kind: 'fetching' }
  | { kind: 'shown'; keyid: string }
  | { kind: 'trusted'; keyid: string }
  | { kind: 'refused' }
  | { kind: 'error'; code: ErrorCode; message: string };

function ErrorBox({ code, message }: { code: ErrorCode; message: string }) {
  const { t } = useTranslation();
  return (
    <div className="error-box" role="alert">
      <p>{t(errorMessageKey(code))}</p>
      <details className="technical-details">
        <summary>{t('common.technicalDetails')}</summary>
        <pre>{`${code}: ${message}`}</pre>
      </details>
    </div>
  );
}

function SignInForm() {
  const { t } = useTranslation();
  const trusted = useTrustedKeys();
  const [hub, setHub] = useState<{ url: string; fixed: boolean } | undefined>(undefined);
  const [keyStep, setKeyStep] = useState<KeyStep>({ kind: 'idle' });
  const [code, setCode] = useState('');
  const [label, setLabel] = useState(t('account.deviceLabelDefault'));
  const [showCodeError, setShowCodeError] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<{ code: ErrorCode; message: string } | undefined>(undefined);
  const ids = { hub: useId(), hubHint: useId(), code: useId(), codeHint: useId(), codeError: useId(), label: useId(), labelHint: useId() };

  useEffect(() => {
    let current = true;
    proposedHub().then(
      (proposed) => current && setHub(proposed),
      (error: unknown) => console.error('No hub to propose', error),
    );
    return () => {
      current = false;
    };
  }, []);

  const hubUrl = hub?.url ?? '';
  const pinned = (trusted ?? []).filter((k) => k.role === 'hub').map((k) => k.keyid);

  const fetchKey = () => {
    setKeyStep({ kind: 'fetching' });
    hubKeyCode(hubUrl).then(
      (keyid) => setKeyStep(pinned.includes(keyid) ? { kind: 'trusted', keyid } : { kind: 'shown', keyid }),
      (error: unknown) => setKeyStep({ kind: 'error', ...describeError(error) }),
    );
  };

  const confirmKey = (keyid: string) => {
    trustHubKey(hubUrl, keyid).then(
      () => setKeyStep({ kind: 'trusted', keyid }),
      (error: unknown) => setKeyStep({ kind: 'error', ...describeError(error) }),
    );
  };

  const check = parseEnrolmentCode(code);
  const codeError = showCodeError && !check.ok ? t(`account.codeError.${check.reason}`, { character: check.character ?? '' }) : undefined;

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setShowCodeError(true);
    if (!check.ok || busy || keyStep.kind !== 'trusted') return;
    setBusy(true);
    setFailure(undefined);
    signIn(hubUrl, check.code, label.trim() || t('account.deviceLabelDefault')).then(
      () => setBusy(false),
      (error: unknown) => {
        setBusy(false);
        setFailure(describeError(error));
      },
    );
  };

  return (
    <form onSubmit={onSubmit} noValidate className="sign-in">
      <p>{t('account.intro')}</p>
      {hub?.fixed ? (
        <p>
          {t('account.hub')}: {t('account.hubThisPage', { url: hubUrl })}
        </p>
      ) : (
        <Field inputId={ids.hub} label={t('account.hubUrl')} hint={{ id: ids.hubHint, text: t('account.hubUrlHint') }}>
          <input
            id={ids.hub}
            type="url"
            inputMode="url"
            spellCheck={false}
            value={hubUrl}
            aria-describedby={ids.hubHint}
            onChange={(e) => {
              setHub({ url: e.target.value, fixed: false });
              setKeyStep({ kind: 'idle' });
              setFailure(undefined);
            }}
          />
        </Field>
      )}

      <fieldset>
        <legend>{t('account.keyStep')}</legend>
        {keyStep.kind === 'shown' ? (
          <div role="group" aria-label={t('account.keyQuestion')}>
            <p>{t('account.keyShown')}</p>
            <KeyCode keyid={keyStep.keyid} />
            <p>{t('account.keyQuestion')}</p>
            <p className="button-row">
              <button type="button" onClick={() => confirmKey(keyStep.keyid)}>
                {t('account.keyConfirm')}
              </button>
              <button type="button" className="secondary" onClick={() => setKeyStep({ kind: 'refused' })}>
                {t('account.keyCancel')}
              </button>
            </p>
          </div>
        ) : keyStep.kind === 'trusted' ? (
          <>
            <p>{t('account.keyTrusted')}</p>
            <KeyCode keyid={keyStep.keyid} />
          </>
        ) : (
          <>
            {keyStep.kind === 'refused' ? <p role="alert">{t('account.keyRefused')}</p> : null}
            {keyStep.kind === 'error' ? <ErrorBox code={keyStep.code} message={keyStep.message} /> : null}
            <p className="button-row">
              <button type="button" className="secondary" onClick={fetchKey} disabled={hubUrl === '' || keyStep.kind === 'fetching'}>
                {keyStep.kind === 'fetching' ? t('account.keyFetching') : t('account.keyFetch')}
              </button>
            </p>
          </>
        )}
      </fieldset>

      <fieldset disabled={keyStep.kind !== 'trusted'}>
        <legend>{t('account.codeStep')}</legend>
        <Field
          inputId={ids.code}
          label={t('account.code')}
          hint={{ id: ids.codeHint, text: t('account.codeHint') }}
          error={codeError ? { id: ids.codeError, text: codeError } : undefined}
        >
          <input
            id={ids.code}
            className="enrolment-code"
            autoComplete="one-time-code"
            autoCapitalize="characters"
            spellCheck={false}
            maxLength={24}
            value={code}
            aria-invalid={codeError ? true : undefined}
            aria-describedby={codeError ? `${ids.codeHint} ${ids.codeError}` : ids.codeHint}
            onChange={(e) => {
              setCode(e.target.value);
              setShowCodeError(false);
              setFailure(undefined);
            }}
            onBlur={() => setShowCodeError(code.trim() !== '')}
          />
        </Field>
        <Field inputId={ids.label} label={t('account.deviceLabel')} hint={{ id: ids.labelHint, text: t('account.deviceLabelHint') }}>
          <input id={ids.label} value={label} maxLength={200} aria-describedby={ids.labelHint} onChange={(e) => setLabel(e.target.value)} />
        </Field>
        <p className="button-row">
          <button type="submit" disabled={busy}>
            {busy ? t('account.signingIn') : t('account.signIn')}
          </button>
        </p>
      </fieldset>
      {failure ? <ErrorBox code={failure.code} message={failure.message} /> : null}
    </form>
  );
}

function reasonKey(code: string) {
  switch (code) {
    case 'validation':
      return 'account.reasons.validation' as const;
    case 'forbidden':
      return 'account.reasons.forbidden' as const;
    case 'immutable':
      return 'account.reasons.immutable' as const;
    case 'target-deleted':
      return 'account.reasons.targetDeleted' as const;
    default:
      return 'account.reasons.other' as const;
  }
}

function IssueItem({ issue, account }: { issue: IssueRecord; account: AccountRecord }) {
  const { t, i18n } = useTranslation();
  const note = issue.kind === 'note' && issue.mutation.op === 'put' ? NoteBody.safeParse(issue.mutation.body) : undefined;
  const text = (issue.mutation.body as { text?: unknown; title?: unknown } | undefined)?.text;
  return (
    <li className="sync-issue">
      <p>
        <strong>{t(`account.kinds.${issue.kind}`)}</strong>, {formatDateTime(issue.at, i18n.resolvedLanguage ?? 'nl')}: {t(reasonKey(issue.reason.code))}
      </p>
      <details className="technical-details">
        <summary>{t('common.technicalDetails')}</summary>
        <pre>{`${issue.reason.code}: ${issue.reason.message}`}</pre>
      </details>
      {typeof text === 'string' ? (
        <>
          <p>{t('account.issueText')}</p>
          <blockquote className="issue-text">{text}</blockquote>
        </>
      ) : null}
      <p className="button-row">
        {note?.success ? (
          <button
            type="button"
            onClick={() => {
              void saveAppRecord(account.id, { kind: 'note', id: newRecordId(), body: note.data }).then(() => (issue.id === undefined ? undefined : dismissAppIssue(issue.id)));
            }}
          >
            {t('account.issueSaveAsNew')}
          </button>
        ) : null}
        <button type="button" className="secondary" onClick={() => issue.id !== undefined && void dismissAppIssue(issue.id)}>
          {t('account.issueDismiss')}
        </button>
      </p>
    </li>
  );
}

function SignedIn({ account }: { account: AccountRecord }) {
  const { t, i18n } = useTranslation();
  const counts = useSyncCounts(account);
  const issues = useSyncIssues(account.id);
  const status = useSyncStatus();
  const [confirming, setConfirming] = useState(false);
  const role = t(`account.roles.${account.role}`);

  const doSignOut = () => {
    setConfirming(false);
    void signOut(account);
  };

  return (
    <>
      <p>
        {account.partyGroup ? t('account.signedInAsGroup', { name: account.userName, role, group: account.partyGroup }) : t('account.signedInAs', { name: account.userName, role })}
      </p>
      {account.deviceLabel ? <p>{t('account.device', { label: account.deviceLabel })}</p> : null}
      <p>
        <a href={hrefFor({ kind: 'council' })}>{t('council.title')}</a>
      </p>
      <p role="status">{syncStatusText(status, t, i18n.resolvedLanguage ?? 'nl', account.lastSyncedAt)}</p>
      {status.kind === 'tokenRefused' ? <p role="alert">{t('account.tokenRefused')}</p> : null}
      <p className="button-row">
        <button type="button" className="secondary" onClick={syncNow}>
          {t('sync.now')}
        </button>
        <button type="button" className="secondary" onClick={() => ((counts?.pending ?? 0) > 0 ? setConfirming(true) : doSignOut())}>
          {t('account.signOut')}
        </button>
      </p>
      {confirming ? (
        <div className="confirm" role="alertdialog" aria-label={t('account.signOut')}>
          <p>{t('account.signOutWarning', { count: counts?.pending ?? 0, name: account.userName })}</p>
          <p className="button-row">
            <button type="button" onClick={doSignOut}>
              {t('account.signOutConfirm')}
            </button>
            <button type="button" className="secondary" onClick={() => setConfirming(false)}>
              {t('account.signOutCancel')}
            </button>
          </p>
        </div>
      ) : null}
      {issues && issues.length > 0 ? (
        <section aria-labelledby="issues-heading">
          <h2 id="issues-heading">{t('account.issuesTitle')}</h2>
          <p>{t('account.issuesIntro')}</p>
          <ul className="sync-issues">
            {issues.map((issue) => (
              <IssueItem key={issue.id} issue={issue} account={account} />
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}

function RevokedNotice() {
  const { t, i18n } = useTranslation();
  const [notice, setNotice] = useSetting('revokedNotice');
  if (!notice) return null;
  const language = i18n.resolvedLanguage ?? 'nl';
  return (
    <section className="revoked-notice" role="alert" aria-labelledby="revoked-heading">
      <h2 id="revoked-heading">{t('account.revokedTitle')}</h2>
      <p>{t('account.revokedText', { name: notice.userName })}</p>
      {notice.unsent.length > 0 ? (
        <>
          <p>{t('account.revokedUnsent')}</p>
          <ul>
            {notice.unsent.map((u, i) => (
              <li key={i}>{t('account.revokedUnsentLine', { what: t(`account.kinds.${u.kind as 'note'}`), when: formatDateTime(u.at, language) })}</li>
            ))}
          </ul>
        </>
      ) : (
        <p>{t('account.revokedNone')}</p>
      )}
      <p className="button-row">
        <button type="button" onClick={() => void setNotice(null)}>
          {t('account.revokedAcknowledge')}
        </button>
      </p>
    </section>
  );
}

export function AccountView() {
  const { t } = useTranslation();
  const account = useSignedInAccount();
  return (
    <section className="account-view">
      <PageHeading title={account ? t('account.signedInTitle') : t('account.title')} />
      <RevokedNotice />
      {account === undefined ? null : account === null ? <SignInForm /> : <SignedIn account={account} />}
    </section>
  );
}
