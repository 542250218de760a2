// Start-up gate: installs (or confirms) the bundled demo package before the app opens, and
// explains a failure in words a clerk can act on, with the technical detail folded away for
// the administrator. The app stays usable without the demo ("Doorgaan zonder demo").
import { useEffect, useState } from 'react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { errorCodeOf, errorMessageKey, technicalDetail } from '../../i18n/errorMessage';

type StartupState = { kind: 'installing' } | { kind: 'ready' } | { kind: 'failed'; error: unknown };

export function Startup({ install, children }: { install: () => Promise<unknown>; children: ReactNode }) {
  const { t } = useTranslation();
  const [state, setState] = useState<StartupState>({ kind: 'installing' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let current = true;
    install().then(
      () => {
        if (current) setState({ kind: 'ready' });
      },
      (error: unknown) => {
        console.error('Demo install failed', error);
        if (current) setState({ kind: 'failed', error });
      },
    );
    return () => {
      current = false;
    };
  }, [install, attempt]);

  switch (state.kind) {
    case 'ready':
      return <>{children}</>;
    case 'installing':
      return (
        <main className="startup" id="main">
          <h1>{t('app.name')}</h1>
          <div role="status" className="startup-status">
            <progress aria-label={t('startup.installing')} />
            <p>{t('startup.installing')}</p>
          </div>
        </main>
      );
    case 'failed':
      return (
        <main className="startup" id="main">
          <h1>{t('app.name')}</h1>
          <div role="alert" className="error-box">
            <h2>{t('startup.errorTitle')}</h2>
            <p>{t(errorMessageKey(errorCodeOf(state.error)))}</p>
            <p>{t('startup.errorHelp')}</p>
          </div>
          <details className="technical-details">
            <summary>{t('common.technicalDetails')}</summary>
            <pre>{technicalDetail(state.error)}</pre>
          </details>
          <p className="button-row">
            <button
              type="button"
              onClick={() => {
                setState({ kind: 'installing' });
                setAttempt((n) => n + 1);
              }}
            >
              {t('startup.retry')}
            </button>
            <button type="button" className="secondary" onClick={() => setState({ kind: 'ready' })}>
              {t('startup.continue')}
            </button>
          </p>
        </main>
      );
    default: {
      const unreachable: never = state;
      return unreachable;
    }
  }
}
