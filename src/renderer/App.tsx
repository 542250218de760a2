// The application shell: skip link, header (name, demo badge, language), breadcrumbs and the
// screen for the current hash route, footer with version. Renders package text only as
// React text nodes, never as HTML.
import { lazy, Suspense, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { usePackage } from './data/hooks';
import { DemoBadge } from './features/common/DemoBadge';
import { LanguageSwitch } from './features/common/LanguageSwitch';
import { PageHeading, RouteFocusProvider } from './features/common/routeFocus';
import { LibraryView } from './features/library/LibraryView';
import { UpdatesPanel } from './features/updates/UpdatesPanel';
import { AccountStatus } from './features/account/AccountStatus';
import { AccountView } from './features/account/AccountView';
import { resumeSession } from './features/account/session';
import { CouncilView } from './features/decisions/CouncilView';
import { Loading } from './features/common/Status';
import { PackageView } from './features/meeting/PackageView';
import { getHost } from './host';
import type { HostInfo } from './host/Host';
import { hrefFor, routeKey, useRoute } from './router';
import type { Route } from './router';

// The presenter's workspace (with the map engine) and the audience window load when they are
// first shown: the library and the package screens start without them.
const AgendaItemView = lazy(() => import('./features/meeting/AgendaItemView').then((m) => ({ default: m.AgendaItemView })));
const AudienceView = lazy(() => import('./features/audience/AudienceView').then((m) => ({ default: m.AudienceView })));

function CurrentPackageBadge({ packageId }: { packageId: string }) {
  const pkg = usePackage(packageId);
  return pkg?.demo ? <DemoBadge /> : null;
}

function Screen({ route }: { route: Route }) {
  const { t } = useTranslation();
  switch (route.kind) {
    case 'library':
      return <LibraryView />;
    case 'updates':
      return <UpdatesPanel />;
    case 'account':
      return <AccountView />;
    case 'council':
      return <CouncilView />;
    case 'package':
      return <PackageView packageId={route.packageId} />;
    case 'agendaItem':
      return (
        <Suspense fallback={<Loading />}>
          <AgendaItemView packageId={route.packageId} agendaItemId={route.agendaItemId} />
        </Suspense>
      );
    case 'audience':
      return null;
    case 'notFound':
      return (
        <>
          <PageHeading title={t('notFound.title')} />
          <p>{t('notFound.help')}</p>
          <p>
            <a href={hrefFor({ kind: 'library' })}>{t('package.backToLibrary')}</a>
          </p>
        </>
      );
    default: {
      const unreachable: never = route;
      return unreachable;
    }
  }
}

function Footer() {
  const { t } = useTranslation();
  const [info, setInfo] = useState<HostInfo | undefined>(undefined);
  useEffect(() => {
    let current = true;
    getHost()
      .info()
      .then(
        (value) => {
          if (current) setInfo(value);
        },
        (error: unknown) => console.error('Host info unavailable', error),
      );
    return () => {
      current = false;
    };
  }, []);
  if (info === undefined) return <footer className="app-footer" />;
  return <footer className="app-footer">{t('app.footer', { version: info.appVersion, host: info.kind === 'electron' ? t('app.hostElectron') : t('app.hostWeb') })}</footer>;
}

export function App() {
  const { t } = useTranslation();
  const route = useRoute();
  const packageId = route.kind === 'package' || route.kind === 'agendaItem' ? route.packageId : undefined;
  // Sync starts again for whoever was signed in (their token is kept by the host); never in the
  // audience window, which shows the presenter's public view and nothing of anyone's notes.
  const audience = route.kind === 'audience';
  useEffect(() => {
    if (audience) return;
    resumeSession().catch((error: unknown) => console.error('Sync could not be started', error));
  }, [audience]);

  // The audience window is the projector's screen: the public view alone, without the app's header.
  if (route.kind === 'audience') {
    return (
      <Suspense fallback={<Loading />}>
        <AudienceView channelId={route.channelId} />
      </Suspense>
    );
  }

  return (
    <RouteFocusProvider routeKey={routeKey(route)}>
      <a
        className="skip-link"
        href="#main"
        onClick={(event) => {
          // The hash is the router's: move focus without changing it.
          event.preventDefault();
          document.getElementById('main')?.focus();
        }}
      >
        {t('app.skipLink')}
      </a>
      <header className="app-header">
        <div className="app-title">
          <a href={hrefFor({ kind: 'library' })} className="app-name">
            {t('app.name')}
          </a>
          <span className="app-tagline">{t('app.tagline')}</span>
          {packageId !== undefined ? <CurrentPackageBadge packageId={packageId} /> : null}
        </div>
        <div className="app-actions">
          <a href={hrefFor({ kind: 'updates' })} className="app-updates-link" aria-current={route.kind === 'updates' ? 'page' : undefined}>
            {t('app.updatesLink')}
          </a>
          <AccountStatus />
          <LanguageSwitch />
        </div>
      </header>
      <main id="main" tabIndex={-1} className={`screen screen-${route.kind}`}>
        <Screen route={route} />
      </main>
      <Footer />
    </RouteFocusProvider>
  );
}
