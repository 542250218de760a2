// IPC registration against a FAKE ipcMain and fake sender frames (no Electron runs here):
// a call reaches its handler only from app://raadskaart and only with a payload that parses.
import { describe, expect, it, vi } from 'vitest';
import type { IpcMainInvokeEvent } from 'electron';
import { MAX_SAVE_BYTES } from '../shared/ipc';
import type { IpcChannel } from '../shared/ipc';
import { ForbiddenSenderError, registerHandlers } from './ipc';
import type { MainHandlers } from './ipc';

// ipc.ts imports electron for types only; the mock guarantees no real electron is loaded.
vi.mock('electron', () => ({}));

type InvokeListener = (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<unknown>;

function setup() {
  const registered = new Map<string, InvokeListener>();
  const fakeIpcMain = {
    handle: vi.fn((channel: string, listener: InvokeListener) => {
      registered.set(channel, listener);
    }),
  };
  const handlers = {
    'app:info': vi.fn(async () => ({ kind: 'electron' as const, appVersion: '0.1.0', platform: 'linux' })),
    'file:save': vi.fn(async () => ({ kind: 'cancelled' as const })),
    'shell:openExternal': vi.fn(async () => undefined),
  } satisfies MainHandlers;
  registerHandlers(fakeIpcMain, handlers);

  /** Simulates ipcRenderer.invoke(channel, ...args) from a frame at `senderUrl`. */
  function invoke(channel: IpcChannel, senderUrl: string | null, ...args: unknown[]): Promise<unknown> {
    const listener = registered.get(channel);
    if (!listener) throw new Error(`${channel} was not registered`);
    const event = { senderFrame: senderUrl === null ? null : { url: senderUrl } } as unknown as IpcMainInvokeEvent;
    return listener(event, ...args);
  }
  return { fakeIpcMain, handlers, invoke };
}

const APP_PAGE = 'app://raadskaart/index.html';
const validSave = { suggestedName: 'besluitenlijst.md', mimeType: 'text/markdown', data: new Uint8Array([104, 105]) };

describe('IPC registration (fake ipcMain, fake sender frames)', () => {
  it('registers exactly the channels of the contract', () => {
    const { fakeIpcMain } = setup();
    expect(fakeIpcMain.handle.mock.calls.map(([channel]) => channel).sort()).toEqual(['app:info', 'file:save', 'shell:openExternal']);
  });

  it('passes a valid payload from the app page to the handler and returns its result', async () => {
    const { handlers, invoke } = setup();
    await expect(invoke('app:info', APP_PAGE)).resolves.toEqual({ kind: 'electron', appVersion: '0.1.0', platform: 'linux' });
    await expect(invoke('file:save', APP_PAGE, validSave)).resolves.toEqual({ kind: 'cancelled' });
    expect(handlers['file:save']).toHaveBeenCalledWith(validSave, { window: null });
    await invoke('shell:openExternal', 'app://raadskaart/meeting/1', { url: 'https://rotterdam.raadsinformatie.nl/' });
    expect(handlers['shell:openExternal']).toHaveBeenCalledWith({ url: 'https://rotterdam.raadsinformatie.nl/' }, { window: null });
  });

  it.each<[IpcChannel, string, unknown[]]>([
    ['app:info', 'an argument where none is expected', [{ x: 1 }]],
    ['file:save', 'no payload', []],
    ['file:save', 'a path as the suggested name', [{ ...validSave, suggestedName: '../../.bashrc' }]],
    ['file:save', 'a string instead of bytes', [{ ...validSave, data: 'hello' }]],
    ['file:save', 'more than 200 MB', [{ ...validSave, data: new Uint8Array(MAX_SAVE_BYTES + 1) }]],
    ['file:save', 'an extra field', [{ ...validSave, directory: '/etc' }]],
    ['file:save', 'a second argument', [validSave, { overwrite: true }]],
    ['shell:openExternal', 'an http URL', [{ url: 'http://rotterdam.raadsinformatie.nl/' }]],
    ['shell:openExternal', 'a host not on the allowlist', [{ url: 'https://evil.example/' }]],
    ['shell:openExternal', 'a file URL', [{ url: 'file:///etc/passwd' }]],
    ['shell:openExternal', 'a bare string', ['https://rotterdam.raadsinformatie.nl/']],
  ])('rejects %s with %s and never calls the handler', async (channel, _what, args) => {
    const { handlers, invoke } = setup();
    const call = invoke(channel, APP_PAGE, ...args);
    await expect(call).rejects.toThrow(channel);
    await expect(call).rejects.toMatchObject({ name: 'ValidationError', code: 'validation' });
    expect(handlers[channel]).not.toHaveBeenCalled();
  });

  it('names the offending field in the error', async () => {
    const { invoke } = setup();
    await expect(invoke('file:save', APP_PAGE, { ...validSave, suggestedName: 'a/b.md' })).rejects.toThrow(/file:save.*suggestedName/s);
  });

  it.each([
    ['a remote page', 'https://evil.example/'],
    ['another host on the app scheme', 'app://evil/index.html'],
    ['a look-alike host', 'app://raadskaart.evil/index.html'],
    ['a file URL', 'file:///tmp/index.html'],
    ['about:blank', 'about:blank'],
    ['a frame that is gone', null],
  ])('rejects a call from %s before validating or handling it', async (_what, senderUrl) => {
    const { handlers, invoke } = setup();
    for (const [channel, args] of [
      ['app:info', []],
      ['file:save', [validSave]],
      ['shell:openExternal', [{ url: 'https://rotterdam.raadsinformatie.nl/' }]],
    ] as const) {
      await expect(invoke(channel, senderUrl, ...args)).rejects.toBeInstanceOf(ForbiddenSenderError);
      expect(handlers[channel]).not.toHaveBeenCalled();
    }
  });
});
