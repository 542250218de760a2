// The window factory and web-contents guards, run against a FAKE electron module: the
// Electron binary cannot run on these machines, so these tests pin the options and event
// handlers main passes to Electron, not Electron's behaviour.
import path from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { APP_ENTRY_URL } from './appOrigin';
import { createAudienceWindow, createMainWindow, hardenWebContents } from './windows';

type Listener = (...args: unknown[]) => void;
type OpenHandler = (details: { url: string }) => { action: string };

const fake = vi.hoisted(() => {
  class FakeWebContents {
    listeners = new Map<string, Listener[]>();
    openHandler: OpenHandler | undefined;
    on(event: string, listener: Listener): this {
      this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
      return this;
    }
    setWindowOpenHandler(handler: OpenHandler): void {
      this.openHandler = handler;
    }
    emit(event: string, ...args: unknown[]): void {
      for (const listener of this.listeners.get(event) ?? []) listener(...args);
    }
  }
  class FakeBrowserWindow {
    static created: FakeBrowserWindow[] = [];
    webContents = new FakeWebContents();
    loadURL = vi.fn(async (_url: string) => undefined);
    once = vi.fn();
    show = vi.fn();
    constructor(public options: { webPreferences?: Record<string, unknown> }) {
      FakeBrowserWindow.created.push(this);
    }
  }
  return { FakeBrowserWindow, FakeWebContents, openExternal: vi.fn(async (_url: string) => undefined) };
});

vi.mock('electron', () => ({ BrowserWindow: fake.FakeBrowserWindow, shell: { openExternal: fake.openExternal } }));

type FakeContents = InstanceType<typeof fake.FakeWebContents>;

function navigationEvent(url: string): { url: string; preventDefault: ReturnType<typeof vi.fn> } {
  return { url, preventDefault: vi.fn() };
}

function openMain(): InstanceType<typeof fake.FakeBrowserWindow> {
  createMainWindow();
  const window = fake.FakeBrowserWindow.created.at(-1);
  if (!window) throw new Error('createMainWindow created no BrowserWindow');
  return window;
}

beforeEach(() => {
  fake.FakeBrowserWindow.created.length = 0;
  fake.openExternal.mockClear();
});

describe('main window factory (fake electron module)', () => {
  it.each([
    ['contextIsolation', true],
    ['sandbox', true],
    ['nodeIntegration', false],
    ['nodeIntegrationInWorker', false],
    ['nodeIntegrationInSubFrames', false],
    ['webSecurity', true],
    ['allowRunningInsecureContent', false],
    ['experimentalFeatures', false],
    ['webviewTag', false],
    ['spellcheck', false],
    ['disableBlinkFeatures', 'Auxclick'],
  ])('creates the window with webPreferences.%s = %s', (flag, value) => {
    const window = openMain();
    expect(window.options.webPreferences?.[flag]).toBe(value);
  });

  it('sets no webPreferences beyond the hardened set, the Auxclick switch-off and the preload', () => {
    const prefs = openMain().options.webPreferences ?? {};
    expect(Object.keys(prefs).sort()).toEqual(
      [
        'allowRunningInsecureContent',
        'contextIsolation',
        'disableBlinkFeatures',
        'experimentalFeatures',
        'navigateOnDragDrop',
        'nodeIntegration',
        'nodeIntegrationInSubFrames',
        'nodeIntegrationInWorker',
        'preload',
        'sandbox',
        'spellcheck',
        'webSecurity',
        'webviewTag',
      ].sort(),
    );
  });

  it('uses the built preload out/preload/index.js next to out/main', () => {
    const preload = openMain().options.webPreferences?.preload;
    expect(preload).toBe(path.join(__dirname, '../preload/index.js'));
  });

  it('loads app://raadskaart/index.html and nothing else', () => {
    const window = openMain();
    expect(APP_ENTRY_URL).toBe('app://raadskaart/index.html');
    expect(window.loadURL).toHaveBeenCalledTimes(1);
    expect(window.loadURL).toHaveBeenCalledWith('app://raadskaart/index.html');
  });

  describe.each(['will-navigate', 'will-redirect', 'will-frame-navigate'])('%s', (eventName) => {
    it.each([
      'https://evil.example/',
      'http://raadskaart/',
      'file:///etc/passwd',
      'app://evil/index.html',
      'app://raadskaart.evil.example/index.html',
      'app://raadskaart:1234/index.html',
      'javascript:alert(1)',
      'https://rotterdam.raadsinformatie.nl/',
    ])('is prevented for %s', (url) => {
      const contents = openMain().webContents;
      const event = navigationEvent(url);
      contents.emit(eventName, event, url);
      expect(event.preventDefault).toHaveBeenCalled();
    });

    it('is allowed within app://raadskaart', () => {
      const contents = openMain().webContents;
      const event = navigationEvent('app://raadskaart/index.html#/meeting/1');
      contents.emit(eventName, event, event.url);
      expect(event.preventDefault).not.toHaveBeenCalled();
    });
  });

  it('denies window.open for every URL and sends only allowlisted https links to the browser', () => {
    const contents = openMain().webContents;
    const handler = contents.openHandler;
    if (!handler) throw new Error('no window open handler was set');
    expect(handler({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    expect(handler({ url: 'app://raadskaart/index.html' })).toEqual({ action: 'deny' });
    expect(handler({ url: 'http://rotterdam.raadsinformatie.nl/' })).toEqual({ action: 'deny' });
    expect(fake.openExternal).not.toHaveBeenCalled();
    expect(handler({ url: 'https://rotterdam.raadsinformatie.nl/vergadering/1' })).toEqual({ action: 'deny' });
    expect(fake.openExternal).toHaveBeenCalledExactlyOnceWith('https://rotterdam.raadsinformatie.nl/vergadering/1');
  });

  it("opens the audience window with exactly the main window's webPreferences, on the audience route only", () => {
    const main = openMain().options.webPreferences;
    createAudienceWindow('3f1c2b0a-9d8e-4c7b-a6f5-0e1d2c3b4a59', { x: 1440, y: 0, width: 1920, height: 1080, fullscreen: true });
    const audience = fake.FakeBrowserWindow.created.at(-1);
    expect(audience?.options.webPreferences).toEqual(main);
    expect(audience?.options).toMatchObject({ x: 1440, y: 0, width: 1920, height: 1080, fullscreen: true, show: false });
    expect(audience?.loadURL).toHaveBeenCalledExactlyOnceWith('app://raadskaart/index.html#/audience/3f1c2b0a-9d8e-4c7b-a6f5-0e1d2c3b4a59');
    // Its page gets the same guards: it cannot navigate away or open windows either.
    const event = navigationEvent('https://evil.example/');
    audience?.webContents.emit('will-navigate', event, event.url);
    expect(event.preventDefault).toHaveBeenCalled();
    expect(audience?.webContents.openHandler?.({ url: 'app://raadskaart/index.html' })).toEqual({ action: 'deny' });
  });

  it('refuses to attach a <webview>', () => {
    const contents = openMain().webContents;
    const event = { preventDefault: vi.fn() };
    contents.emit('will-attach-webview', event, {}, { src: 'https://evil.example/' });
    expect(event.preventDefault).toHaveBeenCalled();
  });

  it('guards any web contents once, however often it is hardened', () => {
    const contents = new fake.FakeWebContents();
    hardenWebContents(contents as unknown as Parameters<typeof hardenWebContents>[0]);
    hardenWebContents(contents as unknown as Parameters<typeof hardenWebContents>[0]);
    expect((contents as FakeContents).listeners.get('will-navigate')).toHaveLength(1);
    expect(contents.openHandler).toBeTypeOf('function');
  });
});
