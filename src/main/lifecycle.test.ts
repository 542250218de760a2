// App start-up order and single-instance behaviour, against a FAKE electron module: scheme
// privileges before `ready`, and no window before the app:// handler, the permission policy
// and IPC exist. Also the wiring of hub forwarding: `hub:configure` over (fake) IPC decides
// where app://raadskaart/v1/ goes through (fake) net.fetch, with userData in a temp folder.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

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
  const state = { lock: true, userData: '/nonexistent' };
  const ipcListeners = new Map<string, (event: unknown, ...args: unknown[]) => Promise<unknown>>();
  const electron = {
    app: {
      getPath: vi.fn((name: string) => (name === 'userData' ? state.userData : '/nonexistent')),
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
    ipcMain: {
      handle: vi.fn((channel: string, listener: (event: unknown, ...args: unknown[]) => Promise<unknown>) => {
        log.push(`ipcMain.handle ${channel}`);
        ipcListeners.set(channel, listener);
      }),
    },
    net: { fetch: vi.fn(async (url: string, _init?: RequestInit) => new Response(`hub answered ${url}`)) },
    safeStorage: {
      getSelectedStorageBackend: vi.fn(() => 'basic_text'),
      isAsyncEncryptionAvailable: vi.fn(async () => true),
      encryptStringAsync: vi.fn(),
      decryptStringAsync: vi.fn(),
    },
    BrowserWindow: FakeWindow,
    shell: { openExternal: vi.fn() },
    dialog: { showSaveDialog: vi.fn() },
  };
  return {
    electron,
    log,
    state,
    appListeners,
    ipcListeners,
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
  fake.ipcListeners.clear();
  fake.state.lock = true;
  fake.state.userData = '/nonexistent';
});

const tempDirs: string[] = [];
afterEach(async () => {
  for (const dir of tempDirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

/** Calls a registered IPC handler as the app page would. */
function invokeFromApp(channel: string, ...args: unknown[]): Promise<unknown> {
  const listener = fake.ipcListeners.get(channel);
  if (!listener) throw new Error(`${channel} was not registered`);
  return listener({ senderFrame: { url: 'app://raadskaart/index.html' }, sender: {} }, ...args);
}

function appProtocolHandler(): (request: Request) => Promise<Response> {
  const [, handler] = fake.electron.protocol.handle.mock.calls[0] as unknown as [string, (request: Request) => Promise<Response>];
  return handler;
}

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
      'ipcMain.handle hub:configure',
      'ipcMain.handle hub:get',
      'ipcMain.handle secret:set',
      'ipcMain.handle secret:get',
      'ipcMain.handle secret:delete',
      'ipcMain.handle present:open',
      'ipcMain.handle present:close',
      'ipcMain.handle print:pdf',
      'new BrowserWindow',
    ]);
    // The handler serves out/renderer; a traversal attempt gets a 404 rather than a file.
    expect((await appProtocolHandler()(new Request('app://raadskaart/..%2F..%2Fpackage.json'))).status).toBe(404);
  });

  it('forwards app://raadskaart/v1/ through net.fetch to the hub set over IPC, kept in <userData>/hub.json', async () => {
    const userData = await mkdtemp(path.join(tmpdir(), 'raadskaart-userdata-'));
    tempDirs.push(userData);
    fake.state.userData = userData;
    startApp();
    await fake.ready();
    const handler = appProtocolHandler();

    const before = await handler(new Request('app://raadskaart/v1/catalog'));
    expect(before.status).toBe(502);
    expect(await before.json()).toMatchObject({ error: { code: 'hub-not-configured' } });
    expect(fake.electron.net.fetch).not.toHaveBeenCalled();

    await invokeFromApp('hub:configure', { url: 'https://hub.gemeente.nl' });
    expect(JSON.parse(await readFile(path.join(userData, 'hub.json'), 'utf8'))).toEqual({ url: 'https://hub.gemeente.nl' });
    await expect(invokeFromApp('hub:get')).resolves.toEqual({ url: 'https://hub.gemeente.nl' });

    const after = await handler(new Request('app://raadskaart/v1/catalog', { headers: { Authorization: 'Bearer t' } }));
    expect(await after.text()).toBe('hub answered https://hub.gemeente.nl/v1/catalog');
    const [url, init] = fake.electron.net.fetch.mock.calls[0] as [string, RequestInit];
    expect(url).toBe('https://hub.gemeente.nl/v1/catalog');
    expect(new Headers(init.headers).get('authorization')).toBe('Bearer t');
  });

  it('refuses an invalid hub address over IPC before it reaches the store', async () => {
    const userData = await mkdtemp(path.join(tmpdir(), 'raadskaart-userdata-'));
    tempDirs.push(userData);
    fake.state.userData = userData;
    startApp();
    await fake.ready();
    await expect(invokeFromApp('hub:configure', { url: 'file:///etc/passwd' })).rejects.toMatchObject({ name: 'ValidationError' });
    await expect(readFile(path.join(userData, 'hub.json'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  // Main passes process.platform to the secret store; the Linux rule is covered for every
  // platform in secrets.test.ts.
  it.runIf(process.platform === 'linux')("wires the secret store to safeStorage, failing closed on Linux basic_text (the fake's backend)", async () => {
    const userData = await mkdtemp(path.join(tmpdir(), 'raadskaart-userdata-'));
    tempDirs.push(userData);
    fake.state.userData = userData;
    startApp();
    await fake.ready();
    await expect(invokeFromApp('secret:set', { name: 'hubToken', value: 'geheim' })).rejects.toThrow(/secret-storage-unavailable: .*basic_text/);
    await expect(readFile(path.join(userData, 'secrets', 'hubToken.bin'))).rejects.toMatchObject({ code: 'ENOENT' });
    expect(fake.electron.safeStorage.encryptStringAsync).not.toHaveBeenCalled();
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
