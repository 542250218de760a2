// App start-up order and single-instance behaviour, against a FAKE electron module: scheme
// privileges before `ready`, and no window before the app:// handler, the permission policy
// and IPC exist.
import { beforeEach, describe, expect, it, vi } from 'vitest';

type Listener = (...args: unknown[]) => void;

const fake = vi.hoisted(() => {
  const log: string[] = [];
  let resolveReady: () => void = () => undefined;
  const appListeners = new Map<string, Listener>();
  const windows: FakeWindow[] = [];
  class FakeWebContents {
    openHandler: unknown;
    listeners = new Map<string, Listener[]>();
    on(event: string, listener: Listener): this {
      this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
      return this;
    }
    setWindowOpenHandler(handler: unknown): void {
      this.openHandler = handler;
    }
  }
  class FakeWindow {
    webContents = new FakeWebContents();
    minimized = true;
    options: unknown;
    isMinimized = vi.fn(() => this.minimized);
    restore = vi.fn();
    show = vi.fn();
    focus = vi.fn();
    once = vi.fn();
    on = vi.fn();
    loadURL = vi.fn(async () => undefined);
    constructor(options: unknown) {
      this.options = options;
      log.push('new BrowserWindow');
      windows.push(this);
    }
    static fromWebContents = vi.fn(() => null);
  }
  const state = { lock: true };
  const electron = {
    app: {
      enableSandbox: vi.fn(() => log.push('enableSandbox')),
      requestSingleInstanceLock: vi.fn(() => state.lock),
      quit: vi.fn(() => log.push('quit')),
      exit: vi.fn(),
      isReady: vi.fn(() => true),
      on: vi.fn((event: string, listener: Listener) => {
        appListeners.set(event, listener);
      }),
      whenReady: vi.fn(
        () =>
          new Promise<void>((resolve) => {
            resolveReady = resolve;
          }),
      ),
    },
    protocol: {
      registerSchemesAsPrivileged: vi.fn(() => log.push('registerSchemesAsPrivileged')),
      handle: vi.fn((scheme: string) => log.push(`protocol.handle ${scheme}`)),
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: vi.fn(() => log.push('setPermissionRequestHandler')),
        setPermissionCheckHandler: vi.fn(() => log.push('setPermissionCheckHandler')),
      },
    },
    ipcMain: { handle: vi.fn((channel: string) => log.push(`ipcMain.handle ${channel}`)) },
    BrowserWindow: FakeWindow,
    shell: { openExternal: vi.fn() },
    dialog: { showSaveDialog: vi.fn() },
  };
  return {
    electron,
    log,
    state,
    appListeners,
    windows,
    FakeWebContents,
    ready: () => {
      resolveReady();
      return new Promise((r) => setTimeout(r, 0));
    },
  };
});

vi.mock('electron', () => fake.electron);

import { startApp } from './lifecycle';

beforeEach(() => {
  vi.clearAllMocks();
  fake.log.length = 0;
  fake.windows.length = 0;
  fake.appListeners.clear();
  fake.state.lock = true;
});

describe('app lifecycle (fake electron module)', () => {
  it('registers the privileged app:// scheme synchronously, before ready', () => {
    startApp();
    expect(fake.electron.protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: false } },
    ]);
    expect(fake.electron.app.enableSandbox).toHaveBeenCalled();
    expect(fake.windows).toHaveLength(0);
    expect(fake.electron.protocol.handle).not.toHaveBeenCalled();
  });

  it('on ready installs the permission policy, app:// handler and IPC before creating the window', async () => {
    startApp();
    await fake.ready();
    expect(fake.log).toEqual([
      'registerSchemesAsPrivileged',
      'enableSandbox',
      'setPermissionRequestHandler',
      'setPermissionCheckHandler',
      'protocol.handle app',
      'ipcMain.handle app:info',
      'ipcMain.handle file:save',
      'ipcMain.handle shell:openExternal',
      'new BrowserWindow',
    ]);
    const [, handler] = fake.electron.protocol.handle.mock.calls[0] as unknown as [string, (request: Request) => Promise<Response>];
    // The handler serves out/renderer; a traversal attempt gets a 404 rather than a file.
    expect((await handler(new Request('app://raadskaart/..%2F..%2Fpackage.json'))).status).toBe(404);
  });

  it('quits at once as a second instance, without a window or handlers', async () => {
    fake.state.lock = false;
    startApp();
    await fake.ready();
    expect(fake.electron.app.quit).toHaveBeenCalled();
    expect(fake.electron.app.whenReady).not.toHaveBeenCalled();
    expect(fake.windows).toHaveLength(0);
    expect(fake.electron.ipcMain.handle).not.toHaveBeenCalled();
  });

  it('brings the existing window forward when a second instance starts', async () => {
    startApp();
    await fake.ready();
    const [window] = fake.windows;
    fake.appListeners.get('second-instance')?.({}, [], '/');
    expect(window?.restore).toHaveBeenCalled();
    expect(window?.focus).toHaveBeenCalled();
    expect(fake.windows).toHaveLength(1);
  });

  it('hardens every web contents that gets created', () => {
    startApp();
    const contents = new fake.FakeWebContents();
    fake.appListeners.get('web-contents-created')?.({}, contents);
    expect(contents.openHandler).toBeTypeOf('function');
    expect(contents.listeners.get('will-navigate')).toHaveLength(1);
    expect(contents.listeners.get('will-attach-webview')).toHaveLength(1);
  });
});
