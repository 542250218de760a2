// Renderer entry: applies the remembered language, asks for persistent storage, installs the
// bundled demo package (Startup shows progress or a readable error), then renders the App.
// Must never render package or user text as HTML.
import './zodJitless';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { getDb } from './data/db';
import { requestPersistentStorage } from './data/hooks';
import { getSetting } from './data/settings';
import { ensureDemoInstalled } from './updates/bundledDemo';
import { Startup } from './features/startup/Startup';
import { initI18n } from './i18n';
import { DEFAULT_LANGUAGE } from './i18n/languages';
import './styles.css';

async function rememberedLanguage(): Promise<unknown> {
  try {
    return await getSetting('language');
  } catch (error) {
    // Storage trouble must not block start-up; the demo install will report it properly.
    console.error('Could not read the language setting', error);
    return DEFAULT_LANGUAGE;
  }
}

async function installDemo(): Promise<void> {
  // Without persistence the browser may evict the packages under storage pressure.
  await requestPersistentStorage().catch((error: unknown) => console.warn('Persistent storage not granted', error));
  await ensureDemoInstalled(getDb(), 'demo');
}

async function start(): Promise<void> {
  const container = document.getElementById('root');
  if (container === null) throw new Error('index.html has no #root element');
  await initI18n(await rememberedLanguage());
  createRoot(container).render(
    <StrictMode>
      <Startup install={installDemo}>
        <App />
      </Startup>
    </StrictMode>,
  );
}

start().catch((error: unknown) => {
  console.error('Raadskaart could not start', error);
});
