// The one BrowserWindow factory and the guards every web contents gets. It must never
// weaken the window's webPreferences (isolated, sandboxed, no Node), let a page navigate
// away from app://raadskaart or onto a forwarded hub answer (app://raadskaart/v1/...: data,
// never a page), open a new window, or attach a <webview>.
import path from 'node:path';
import { BrowserWindow, shell } from 'electron';
import type { WebContents } from 'electron';
import { isAllowedExternalUrl } from '../shared/ipc';
import { APP_ENTRY_URL, isAppUrl } from './appOrigin';
import { isHubRequest } from './hubForwarder';

/** Built preload script; out/main/index.js sits next to out/preload/. */
export function preloadPath(): string {
  return path.join(__dirname, '../preload/index.js');
}

const hardened = new WeakSet<WebContents>();

/**
 * Adds the navigation, window-open and webview guards to a web contents (once). Main calls
 * it for every web contents that is created, not only for windows made here.
 */
export function hardenWebContents(contents: WebContents): void {
  if (hardened.has(contents)) return;
  hardened.add(contents);
  const blockForeignNavigation = (event: { url: string; preventDefault: () => void }): void => {
    if (!isAppUrl(event.url) || isHubRequest(new URL(event.url))) event.preventDefault();
  };
  contents.on('will-navigate', blockForeignNavigation);
  contents.on('will-frame-navigate', blockForeignNavigation);
  contents.on('will-redirect', blockForeignNavigation);
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
  });
  contents.setWindowOpenHandler(({ url }) => {
    // No new Electron windows, ever. An allowlisted https link goes to the system browser.
    if (isAllowedExternalUrl(url)) {
      shell.openExternal(url).catch((error: unknown) => {
        console.error(`window.open: could not open ${url} in the system browser:`, error);
      });
    }
    return { action: 'deny' };
  });
}

/** Size and place of a window; everything else about it is the same for every window. */
export type WindowFrame = {
  title: string;
  width: number;
  height: number;
  minWidth?: number;
  minHeight?: number;
  x?: number;
  y?: number;
  fullscreen?: boolean;
  backgroundColor?: string;
};

/**
 * The one window factory: creates a window with the hardened webPreferences and loads `url`
 * (always on app://raadskaart). The webPreferences are one literal on purpose:
 * Electronegativity (npm run scan:electron) reads them only from an object literal at the
 * `new BrowserWindow` call, and reports a variable as a missing contextIsolation (HIGH).
 */
export function createAppWindow(url: string, frame: WindowFrame): BrowserWindow {
  if (!isAppUrl(url)) throw new Error(`createAppWindow: ${url} is not on app://raadskaart`);
  const window = new BrowserWindow({
    ...frame,
    show: false,
    webPreferences: {
      preload: preloadPath(),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      // Middle-click (auxclick) on a link would otherwise open it in a new window on some
      // versions; window.open is denied anyway, this removes the event (Electronegativity
      // AUXCLICK_JS_CHECK).
      disableBlinkFeatures: 'Auxclick',
    },
  });
  hardenWebContents(window.webContents);
  window.once('ready-to-show', () => window.show());
  window.loadURL(url).catch((error: unknown) => {
    console.error(`Could not load ${url}:`, error);
  });
  return window;
}

/** Creates the main window and loads app://raadskaart/index.html into it. */
export function createMainWindow(): BrowserWindow {
  return createAppWindow(APP_ENTRY_URL, { title: 'Raadskaart', width: 1280, height: 800, minWidth: 800, minHeight: 600 });
}

/** The address of the audience window of presentation channel `channelId` (a UUID, checked by the IPC schema). */
export function audienceUrl(channelId: string): string {
  return `${APP_ENTRY_URL}#/audience/${encodeURIComponent(channelId)}`;
}

/** Creates the audience window of a presentation (the projector's screen), placed by presentation.ts. */
export function createAudienceWindow(channelId: string, placement: Pick<WindowFrame, 'x' | 'y' | 'width' | 'height' | 'fullscreen'>): BrowserWindow {
  return createAppWindow(audienceUrl(channelId), { title: 'Raadskaart – publiek', backgroundColor: '#000000', ...placement });
}
