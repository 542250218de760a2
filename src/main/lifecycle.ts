// App lifecycle: one instance, the privileged app:// scheme (with its hub forwarding), the
// permission policy, IPC and the main window, in the order Electron requires. It must never
// create a window before the app:// handler, the permission policy and the IPC handlers are
// in place.
import path from 'node:path';
import { app, BrowserWindow, ipcMain, net, protocol, safeStorage, screen, session } from 'electron';
import { APP_SCHEME } from './appOrigin';
import { APP_SCHEME_PRIVILEGED, createAppProtocolHandler } from './appProtocol';
import { createMainHandlers } from './handlers';
import { createHubConfigStore } from './hubConfig';
import { createHubForwarder } from './hubForwarder';
import { registerHandlers } from './ipc';
import { createSecretStore, SECRETS_FOLDER } from './secrets';
import { applyPermissionPolicy } from './permissions';
import { createPresentationWindows } from './presentation';
import { createAudienceWindow, createMainWindow, hardenWebContents } from './windows';

/** The built renderer: out/renderer, next to out/main where this file is bundled. */
export function rendererRoot(): string {
  return path.join(__dirname, '../renderer');
}

function reveal(window: BrowserWindow): void {
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
}

/** Starts the app. Must run synchronously at module load, before the `ready` event. */
export function startApp(): void {
  // Both must happen before `ready`: scheme privileges are fixed when Chromium starts.
  protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGED]);
  app.enableSandbox();

  if (!app.requestSingleInstanceLock()) {
    // Another Raadskaart is running; it gets a `second-instance` event and comes forward.
    app.quit();
    return;
  }

  let mainWindow: BrowserWindow | null = null;
  const openMainWindow = (): void => {
    mainWindow = createMainWindow();
    mainWindow.on('closed', () => {
      mainWindow = null;
    });
  };

  app.on('second-instance', () => {
    if (mainWindow) reveal(mainWindow);
  });
  app.on('web-contents-created', (_event, contents) => {
    hardenWebContents(contents);
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (app.isReady() && mainWindow === null) openMainWindow();
  });

  app
    .whenReady()
    .then(() => {
      applyPermissionPolicy(session.defaultSession);
      const userData = app.getPath('userData');
      const hubConfig = createHubConfigStore(userData);
      const secrets = createSecretStore({ dir: path.join(userData, SECRETS_FOLDER), safeStorage, platform: process.platform });
      const forwardToHub = createHubForwarder({ hubUrl: () => hubConfig.get(), fetch: (input, init) => net.fetch(input, init) });
      protocol.handle(APP_SCHEME, createAppProtocolHandler(rendererRoot(), { forwardToHub }));
      const presentation = createPresentationWindows({ screens: () => screen, createWindow: createAudienceWindow });
      registerHandlers(ipcMain, createMainHandlers({ hubConfig, secrets, presentation }), (event) => BrowserWindow.fromWebContents(event.sender));
      openMainWindow();
    })
    .catch((error: unknown) => {
      console.error('Raadskaart could not start:', error);
      app.exit(1);
    });
}
