// The "update packages" panel: hub address and access code, the button that updates every
// package from the hub (in the updates worker), "import package file" for a .rkp from disk, the
// one-time pinning of the hub's key after the user compared its key code, the trusted
// publishers (PublishersSection), and a polite live region that reports progress ("Pakket X: 1,2 van 3,4 MB (35%)") and errors in words a clerk
// understands, with the technical detail folded away.
// Never shows the token, never pins a key the user did not confirm, renders only text.
import { useEffect, useId, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { appSettings, useTrustedKeys } from '../../data/settings';
import { appTrust } from '../../data/trust';
import { PageHeading } from '../common/routeFocus';
import type { TrustedKey } from '../../../shared/keys';
import { prepareHubRequests, readHubSettings, saveHubSettings } from '../../updates/hubSettings';
import { isSecretStorageUnavailable } from '../../../shared/ipc';
import { checkHubUrl } from '../../updates/hubUrl';
import type { HubUrlCheck } from '../../updates/hubUrl';
import { fetchHubKey, pinHubKey } from '../../updates/updateFromHub';
import type { UpdateState } from '../../updates/updateState';
import type { ErrorCode } from '../../../shared/errors';
import { describeError, errorMessageKey } from '../../i18n/errorMessage';
import { useUpdates } from '../../updates/useUpdates';
import type { UpdatesWorkerLike } from '../../updates/useUpdates';
import { formatNumber } from '../common/format';
import { Field } from './Field';
import { useTranslation } from 'react-i18next';
import { groupKeyid } from './keyid';
import { PublishersSection } from './PublishersSection';
import { useSignedInAccount } from '../../data/syncHooks';
import { hrefFor } from '../../router';

export type UpdatesPanelProps = {
  /** Test seam: the worker (default: the real updates worker). */
  createWorker?: () => UpdatesWorkerLike;
  /** Test seam: fetch for the hub key (default: the page's fetch). */
  fetchImpl?: typeof fetch;
};

type KeyStep =
  { kind: 'idle' } | { kind: 'fetching' } | { kind: 'shown'; hubUrl: string; keyid: string } | { kind: 'pinned' } | { kind: 'error'; code: ErrorCode; message: string };

export { groupKeyid };

function urlErrorKey(check: HubUrlCheck) {
  return check.ok ? undefined : (`updates.urlError.${check.reason}` as const);
}

export function UpdatesPanel({ createWorker, fetchImpl }: UpdatesPanelProps = {}) {
  const { t, i18n } = useTranslation();
  const language = i18n.resolvedLanguage ?? 'nl';
  const { state, busy, update, importFile } = useUpdates(createWorker);
  const [hubUrl, setHubUrl] = useState('');
  const [token, setToken] = useState('');
  const [showUrlError, setShowUrlError] = useState(false);
  const [keyStep, setKeyStep] = useState<KeyStep>({ kind: 'idle' });
  const [saveProblem, setSaveProblem] = useState<ErrorCode | undefined>(undefined);
  const edited = useRef(false);
  const trustedKeys = useTrustedKeys();
  const ids = { url: useId(), urlHint: useId(), urlError: useId(), token: useId(), tokenHint: useId(), file: useId(), fileHint: useId() };

  useEffect(() => {
    let current = true;
    readHubSettings(appSettings()).then(
      (saved) => {
        // What the user already typed wins over what was stored.
        if (!current || edited.current) return;
        setHubUrl(saved.hubUrl);
        setToken(saved.token);
      },
      (error: unknown) => console.error('Hub settings unavailable', error),
    );
    return () => {
      current = false;
    };
  }, []);

  const account = useSignedInAccount();
  const hubKeys = (trustedKeys ?? []).filter((k) => k.role === 'hub');
  const urlCheck = checkHubUrl(hubUrl);
  const urlError = showUrlError ? urlErrorKey(urlCheck) : undefined;

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setShowUrlError(true);
    if (!urlCheck.ok || busy) return;
    const url = urlCheck.url;
    setSaveProblem(undefined);
    saveHubSettings(appSettings(), { hubUrl: url, token })
      .catch((error: unknown) => {
        // The token is still used for this update; it is only not remembered.
        if (isSecretStorageUnavailable(error)) setSaveProblem('secret-storage-unavailable');
        else console.error('Could not save hub settings', error);
      })
      .then(() => prepareHubRequests(url))
      .then(
        (base) => update(base, token),
        (error: unknown) => setSaveProblem(describeError(error).code),
      );
  };

  const onFetchKey = () => {
    setShowUrlError(true);
    if (!urlCheck.ok) return;
    const url = urlCheck.url;
    setKeyStep({ kind: 'fetching' });
    prepareHubRequests(url)
      .then((base) => fetchHubKey(base, { ...(fetchImpl ? { fetchImpl } : {}), token }))
      .then(
        (key) => setKeyStep({ kind: 'shown', hubUrl: url, keyid: key.keyid }),
        (error: unknown) => setKeyStep({ kind: 'error', ...describeError(error) }),
      );
  };

  const onConfirmKey = (step: Extract<KeyStep, { kind: 'shown' }>) => {
    // In Electron requests go to app://raadskaart/v1 (main forwards them): name the key after the hub itself.
    prepareHubRequests(step.hubUrl)
      .then((base) => pinHubKey(appTrust(), base, { expectedKeyid: step.keyid, token, label: `Hub ${new URL(step.hubUrl).host}`, ...(fetchImpl ? { fetchImpl } : {}) }))
      .then(
        () => setKeyStep({ kind: 'pinned' }),
        (error: unknown) => setKeyStep({ kind: 'error', ...describeError(error) }),
      );
  };

  // Signed in: packages come from the hub the person signed in to, with this device's token.
  const onSignedInUpdate = (event: FormEvent) => {
    event.preventDefault();
    if (!account || busy) return;
    setSaveProblem(undefined);
    Promise.all([readHubSettings(appSettings()), prepareHubRequests(account.hubUrl)]).then(
      ([saved, base]) => update(base, saved.token),
      (error: unknown) => setSaveProblem(describeError(error).code),
    );
  };

  const mb = (bytes: number) => formatNumber(bytes / 1_000_000, language, { minimumFractionDigits: 1, maximumFractionDigits: 1 });

  return (
    <section className="updates-panel">
      <PageHeading title={t('updates.title')} />
      <p>{t('updates.intro')}</p>
      {account ? (
        <form onSubmit={onSignedInUpdate} noValidate>
          <p>{t('updates.signedInHub', { url: account.hubUrl, name: account.userName })}</p>
          <HubKeySection hubKeys={hubKeys} step={keyStep} onFetch={onFetchKey} onConfirm={onConfirmKey} onCancel={() => setKeyStep({ kind: 'idle' })} />
          <p className="button-row">
            <button type="submit" disabled={busy}>
              {t('updates.update')}
            </button>
          </p>
        </form>
      ) : (
        <p>
          {t('updates.signInHint')} <a href={hrefFor({ kind: 'account' })}>{t('account.signInLink')}</a>
        </p>
      )}
      <form onSubmit={onSubmit} noValidate hidden={account ? true : undefined}>
        <Field
          inputId={ids.url}
          label={t('updates.hubUrl')}
          hint={{ id: ids.urlHint, text: t('updates.hubUrlHint') }}
          error={urlError ? { id: ids.urlError, text: t(urlError) } : undefined}
        >
          <input
            id={ids.url}
            name="hubUrl"
            type="url"
            inputMode="url"
            autoComplete="url"
            spellCheck={false}
            value={hubUrl}
            aria-invalid={urlError ? true : undefined}
            aria-describedby={urlError ? `${ids.urlHint} ${ids.urlError}` : ids.urlHint}
            onChange={(e) => {
              edited.current = true;
              setHubUrl(e.target.value);
            }}
            onBlur={() => setShowUrlError(hubUrl.trim() !== '')}
          />
        </Field>
        <Field inputId={ids.token} label={t('updates.token')} hint={{ id: ids.tokenHint, text: t('updates.tokenHint') }}>
          <input
            id={ids.token}
            name="token"
            type="password"
            autoComplete="off"
            spellCheck={false}
            value={token}
            aria-describedby={ids.tokenHint}
            onChange={(e) => {
              edited.current = true;
              setToken(e.target.value);
            }}
          />
        </Field>
        <HubKeySection hubKeys={hubKeys} step={keyStep} onFetch={onFetchKey} onConfirm={onConfirmKey} onCancel={() => setKeyStep({ kind: 'idle' })} />
        <p className="button-row">
          <button type="submit" disabled={busy}>
            {t('updates.update')}
          </button>
        </p>
      </form>
      <Field inputId={ids.file} label={t('updates.importLabel')} hint={{ id: ids.fileHint, text: t('updates.importHint') }}>
        <input
          id={ids.file}
          type="file"
          accept=".rkp"
          disabled={busy}
          aria-describedby={ids.fileHint}
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (file) importFile(file, file.name);
            // Choosing the same file again must fire change again (a retry).
            e.target.value = '';
          }}
        />
      </Field>
      {saveProblem ? (
        <p className="field-error" role="alert">
          {t(errorMessageKey(saveProblem))}
        </p>
      ) : null}
      <div className="updates-status" role="status" aria-live="polite">
        <StatusText state={state} mb={mb} />
      </div>
      <PublishersSection />
    </section>
  );
}

function HubKeySection({
  hubKeys,
  step,
  onFetch,
  onConfirm,
  onCancel,
}: {
  hubKeys: TrustedKey[];
  step: KeyStep;
  onFetch: () => void;
  onConfirm: (step: Extract<KeyStep, { kind: 'shown' }>) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const questionId = useId();
  switch (step.kind) {
    case 'shown':
      return (
        <div className="hub-key" role="group" aria-labelledby={questionId}>
          <p>
            {t('updates.hubKey.shown')} <code className="keyid">{groupKeyid(step.keyid)}</code>
          </p>
          <p id={questionId}>{t('updates.hubKey.question')}</p>
          <p className="button-row">
            <button type="button" onClick={() => onConfirm(step)}>
              {t('updates.hubKey.confirm')}
            </button>
            <button type="button" className="secondary" onClick={onCancel}>
              {t('updates.hubKey.cancel')}
            </button>
          </p>
        </div>
      );
    case 'fetching':
      return <p className="hub-key">{t('updates.hubKey.fetching')}</p>;
    case 'pinned':
      return <p className="hub-key">{t('updates.hubKey.pinned')}</p>;
    case 'idle':
    case 'error':
      break;
    default: {
      const unreachable: never = step;
      return unreachable;
    }
  }
  return (
    <div className="hub-key">
      {hubKeys.length > 0 ? (
        <p>
          {t('updates.hubKey.trusted')}{' '}
          {hubKeys.map((k) => (
            <code key={k.keyid} className="keyid">
              {groupKeyid(k.keyid)}
            </code>
          ))}
        </p>
      ) : (
        <p>{t('updates.hubKey.notPinned')}</p>
      )}
      {step.kind === 'error' ? <ErrorText code={step.code} message={step.message} /> : null}
      <p className="button-row">
        <button type="button" className="secondary" onClick={onFetch}>
          {t('updates.hubKey.fetch')}
        </button>
      </p>
    </div>
  );
}

function ErrorText({ code, message }: { code: ErrorCode; message: string }) {
  const { t } = useTranslation();
  return (
    <div className="error-box">
      <p>{t(errorMessageKey(code))}</p>
      <details className="technical-details">
        <summary>{t('common.technicalDetails')}</summary>
        <pre>{`${code}: ${message}`}</pre>
      </details>
    </div>
  );
}

function StatusText({ state, mb }: { state: UpdateState; mb: (bytes: number) => string }) {
  const { t } = useTranslation();
  switch (state.kind) {
    case 'idle':
      return null;
    case 'checking':
      return <p>{t('updates.status.checking')}</p>;
    case 'downloading':
      return <p>{t('updates.status.downloading', { title: state.title || state.packageId, done: mb(state.doneBytes), total: mb(state.totalBytes), percent: state.percent })}</p>;
    case 'installing':
      return <p>{t('updates.status.installing', { title: state.title || state.packageId })}</p>;
    case 'error':
      return <ErrorText code={state.code} message={state.message} />;
    case 'done':
      return (
        <>
          {state.installed.length === 0 && state.failed.length === 0 ? <p>{t('updates.status.nothingNew')}</p> : null}
          {state.installed.map((p) => (
            <p key={`ok-${p.packageId}`}>{t('updates.status.installed', { title: p.title, version: p.version })}</p>
          ))}
          {state.failed.map((f) => (
            <div key={`failed-${f.packageId}`}>
              <p>{t('updates.status.failed', { title: f.title || f.packageId, reason: t(errorMessageKey(f.code)) })}</p>
              <details className="technical-details">
                <summary>{t('common.technicalDetails')}</summary>
                <pre>{`${f.code}: ${f.message}`}</pre>
              </details>
            </div>
          ))}
        </>
      );
    default: {
      const unreachable: never = state;
      return unreachable;
    }
  }
}
