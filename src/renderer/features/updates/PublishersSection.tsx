// "Uitgevers" on the updates screen: the publisher keys the app trusts (label, key code in groups
// of four, which packages), adding a publisher from its public key file after the user
// compared the key code and confirmed, and removing one (confirmed too). This is how the
// README flow (keygen -> pack -> publish -> "Pakketten bijwerken") gets its key trusted.
// Never pins a key the user did not confirm, never accepts a private key file, never offers
// to remove the built-in demo key (resetting trust is not this screen's business).
import { useId, useState } from 'react';
import { useTrustedKeys } from '../../data/settings';
import { appTrust } from '../../data/trust';
import { isDefaultTrustedKey, isDemoOnlyKey } from '../../../shared/trust/demoKey';
import { isPrivateKeyFileType, parsePublicKeyFile } from '../../../shared/keys';
import { Manifest } from '../../../shared/packageFormat';
import { Field } from './Field';
import { groupKeyid } from './keyid';
import { useTranslation } from 'react-i18next';

type AddStep =
  | { kind: 'idle' }
  | { kind: 'review'; text: string; keyid: string; fileName: string }
  | { kind: 'added'; label: string }
  | { kind: 'error'; reason: 'invalidFile' | 'privateKey' | 'failed'; message: string };

/** Package ids typed as "a, b ,c": the ids, or the first one that is not a package id. */
export function parseScope(text: string): { ok: true; ids: string[] | undefined } | { ok: false; id: string } {
  const ids = [
    ...new Set(
      text
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== ''),
    ),
  ];
  const bad = ids.find((id) => !Manifest.shape.packageId.safeParse(id).success);
  if (bad !== undefined) return { ok: false, id: bad };
  return { ok: true, ids: ids.length > 0 ? ids : undefined };
}

/** Whether key file text is a private key file: the user picked the wrong half. */
function looksLikePrivateKey(text: string): boolean {
  try {
    const value = JSON.parse(text) as unknown;
    return typeof value === 'object' && value !== null && isPrivateKeyFileType((value as { type?: unknown }).type);
  } catch {
    return false;
  }
}

export function PublishersSection() {
  const { t } = useTranslation();
  const [step, setStep] = useState<AddStep>({ kind: 'idle' });
  const [label, setLabel] = useState('');
  const [scope, setScope] = useState('');
  const [removing, setRemoving] = useState<string | null>(null);
  const [removeError, setRemoveError] = useState<string | null>(null);
  const ids = { heading: useId(), file: useId(), fileHint: useId(), label: useId(), scope: useId(), scopeHint: useId(), scopeError: useId(), question: useId() };

  const publishers = (useTrustedKeys() ?? []).filter((k) => k.role === 'publisher');
  const scopeCheck = parseScope(scope);

  const onFile = (file: File) => {
    file.text().then(
      async (text) => {
        if (looksLikePrivateKey(text)) {
          setStep({ kind: 'error', reason: 'privateKey', message: `${file.name}: a private key file` });
          return;
        }
        try {
          const key = await parsePublicKeyFile(text, file.name);
          setLabel(
            file.name
              .replace(/\.json$/i, '')
              .replace(/[-_]+/g, ' ')
              .trim() || `Uitgever ${key.keyid.slice(0, 8)}`,
          );
          setScope('');
          setStep({ kind: 'review', text, keyid: key.keyid, fileName: file.name });
        } catch (error) {
          setStep({ kind: 'error', reason: 'invalidFile', message: error instanceof Error ? error.message : String(error) });
        }
      },
      (error: unknown) => setStep({ kind: 'error', reason: 'invalidFile', message: error instanceof Error ? error.message : String(error) }),
    );
  };

  const onConfirm = (review: Extract<AddStep, { kind: 'review' }>) => {
    if (!scopeCheck.ok) return;
    const name = label.trim() || `Uitgever ${review.keyid.slice(0, 8)}`;
    appTrust()
      .addFile(review.text, {
        role: 'publisher',
        label: name,
        file: review.fileName,
        ...(scopeCheck.ids ? { packageIds: scopeCheck.ids } : {}),
      })
      .then(
        () => setStep({ kind: 'added', label: name }),
        (error: unknown) => setStep({ kind: 'error', reason: 'failed', message: error instanceof Error ? error.message : String(error) }),
      );
  };

  const onRemove = (keyid: string) => {
    setRemoveError(null);
    appTrust()
      .remove(keyid, 'publisher')
      .then(
        () => setRemoving(null),
        (error: unknown) => setRemoveError(error instanceof Error ? error.message : String(error)),
      );
  };

  return (
    <section className="publishers" aria-labelledby={ids.heading}>
      <h2 id={ids.heading}>{t('updates.publishers.title')}</h2>
      <p>{t('updates.publishers.intro')}</p>
      <ul className="publisher-list">
        {publishers.map((key) => (
          <li key={key.keyid} className="hub-key">
            <p>
              {/* The demo key's stored label is Dutch data; its name is shown in the UI language. */}
              <strong>{isDemoOnlyKey(key) ? t('updates.publishers.demoLabel') : key.label}</strong>
            </p>
            <p>
              {t('updates.publishers.keyid')} <code className="keyid">{groupKeyid(key.keyid)}</code>
            </p>
            <p>{t('updates.publishers.scope', { scope: key.packageIds?.length ? key.packageIds.join(', ') : t('updates.publishers.allPackages') })}</p>
            {isDefaultTrustedKey(key) ? null : removing === key.keyid ? (
              <div role="group" aria-label={t('updates.publishers.removeName', { label: key.label })}>
                <p>{t('updates.publishers.removeQuestion', { label: key.label })}</p>
                <p className="button-row">
                  <button type="button" onClick={() => onRemove(key.keyid)}>
                    {t('updates.publishers.removeConfirm')}
                  </button>
                  <button type="button" className="secondary" onClick={() => setRemoving(null)}>
                    {t('updates.publishers.removeCancel')}
                  </button>
                </p>
                {removeError !== null ? <TechnicalError sentence={t('updates.publishers.removeFailed')} message={removeError} /> : null}
              </div>
            ) : (
              <p className="button-row">
                <button type="button" className="secondary" aria-label={t('updates.publishers.removeName', { label: key.label })} onClick={() => setRemoving(key.keyid)}>
                  {t('updates.publishers.remove')}
                </button>
              </p>
            )}
          </li>
        ))}
      </ul>
      {step.kind === 'review' ? (
        <div className="hub-key" role="group" aria-labelledby={ids.question}>
          <p>
            {t('updates.publishers.shown')} <code className="keyid">{groupKeyid(step.keyid)}</code>
          </p>
          <Field inputId={ids.label} label={t('updates.publishers.label')}>
            <input id={ids.label} type="text" autoComplete="off" value={label} onChange={(e) => setLabel(e.target.value)} />
          </Field>
          <Field
            inputId={ids.scope}
            label={t('updates.publishers.scopeLabel')}
            hint={{ id: ids.scopeHint, text: t('updates.publishers.scopeHint') }}
            error={scopeCheck.ok ? undefined : { id: ids.scopeError, text: t('updates.publishers.scopeError', { id: scopeCheck.id }) }}
          >
            <input
              id={ids.scope}
              type="text"
              autoComplete="off"
              spellCheck={false}
              value={scope}
              aria-invalid={scopeCheck.ok ? undefined : true}
              aria-describedby={scopeCheck.ok ? ids.scopeHint : `${ids.scopeHint} ${ids.scopeError}`}
              onChange={(e) => setScope(e.target.value)}
            />
          </Field>
          <p id={ids.question}>{t('updates.publishers.question')}</p>
          <p className="button-row">
            <button type="button" disabled={!scopeCheck.ok} onClick={() => onConfirm(step)}>
              {t('updates.publishers.confirm')}
            </button>
            <button type="button" className="secondary" onClick={() => setStep({ kind: 'idle' })}>
              {t('updates.publishers.cancel')}
            </button>
          </p>
        </div>
      ) : (
        <Field inputId={ids.file} label={t('updates.publishers.add')} hint={{ id: ids.fileHint, text: t('updates.publishers.addHint') }}>
          <input
            id={ids.file}
            type="file"
            accept=".json,application/json"
            aria-describedby={ids.fileHint}
            onChange={(e) => {
              const file = e.target.files?.[0];
              if (file) onFile(file);
              // Choosing the same file again must fire change again.
              e.target.value = '';
            }}
          />
        </Field>
      )}
      {/* Polite, but not role=status: the screen has one status region, the update's. */}
      <div className="publisher-status" aria-live="polite">
        {step.kind === 'added' ? <p>{t('updates.publishers.added', { label: step.label })}</p> : null}
        {step.kind === 'error' ? <TechnicalError sentence={t(`updates.publishers.${step.reason}`)} message={step.message} /> : null}
      </div>
    </section>
  );
}

function TechnicalError({ sentence, message }: { sentence: string; message: string }) {
  const { t } = useTranslation();
  return (
    <div className="error-box">
      <p>{sentence}</p>
      <details className="technical-details">
        <summary>{t('common.technicalDetails')}</summary>
        <pre>{message}</pre>
      </details>
    </div>
  );
}
