// IPC registration against a FAKE ipcMain and fake sender frames (no Electron runs here):
// a call reaches its handler only from app://raadskaart and only with a payload that parses.
import { describe, expect, it, vi } from 'vitest';
import type { IpcMainInvokeEvent } from 'electron';
import { MAX_SAVE_BYTES, MAX_SECRET_LENGTH } from '../shared/ipc';
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
    'hub:configure': vi.fn(async () => undefined),
    'hub:get': vi.fn(async () => ({ url: null })),
    'secret:set': vi.fn(async () => undefined),
    'secret:get': vi.fn(async () => ({ value: null })),
    'secret:delete': vi.fn(async () => undefined),
    'present:open': vi.fn(async () => ({ display: 'same' as const })),
    'present:close': vi.fn(async () => undefined),
    'print:pdf': vi.fn(async () => ({ kind: 'cancelled' as const })),
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
const CHANNEL = '3f1c2b0a-9d8e-4c7b-a6f5-0e1d2c3b4a59';
const validSave = { suggestedName: 'besluitenlijst.md', mimeType: 'text/markdown', data: new Uint8Array([104, 105]) };

describe('IPC registration (fake ipcMain, fake sender frames)', () => {
  it('registers exactly the channels of the contract', () => {
    const { fakeIpcMain } = setup();
    expect(fakeIpcMain.handle.mock.calls.map(([channel]) => channel).sort()).toEqual([
      'app:info',
      'file:save',
      'hub:configure',
      'hub:get',
      'present:close',
      'present:open',
      'print:pdf',
      'secret:delete',
      'secret:get',
      'secret:set',
      'shell:openExternal',
    ]);
  });

  it('passes a valid payload from the app page to the handler and returns its result', async () => {
    const { handlers, invoke } = setup();
    await expect(invoke('app:info', APP_PAGE)).resolves.toEqual({ kind: 'electron', appVersion: '0.1.0', platform: 'linux' });
    await expect(invoke('file:save', APP_PAGE, validSave)).resolves.toEqual({ kind: 'cancelled' });
    expect(handlers['file:save']).toHaveBeenCalledWith(validSave, { window: null });
    await invoke('shell:openExternal', 'app://raadskaart/meeting/1', { url: 'https://rotterdam.raadsinformatie.nl/' });
    expect(handlers['shell:openExternal']).toHaveBeenCalledWith({ url: 'https://rotterdam.raadsinformatie.nl/' }, { window: null });
    await invoke('hub:configure', APP_PAGE, { url: 'https://hub.gemeente.nl/raadskaart' });
    expect(handlers['hub:configure']).toHaveBeenCalledWith({ url: 'https://hub.gemeente.nl/raadskaart' }, { window: null });
    await invoke('hub:configure', APP_PAGE, { url: null });
    expect(handlers['hub:configure']).toHaveBeenLastCalledWith({ url: null }, { window: null });
    await expect(invoke('hub:get', APP_PAGE)).resolves.toEqual({ url: null });
    await invoke('secret:set', APP_PAGE, { name: 'hubToken', value: 'x'.repeat(MAX_SECRET_LENGTH) });
    expect(handlers['secret:set']).toHaveBeenCalledWith({ name: 'hubToken', value: 'x'.repeat(MAX_SECRET_LENGTH) }, { window: null });
    await expect(invoke('secret:get', APP_PAGE, { name: 'hubToken' })).resolves.toEqual({ value: null });
    await invoke('secret:delete', APP_PAGE, { name: 'hubToken' });
    expect(handlers['secret:delete']).toHaveBeenCalledWith({ name: 'hubToken' }, { window: null });
    await expect(invoke('present:open', APP_PAGE, { channelId: CHANNEL })).resolves.toEqual({ display: 'same' });
    expect(handlers['present:open']).toHaveBeenCalledWith({ channelId: CHANNEL }, { window: null });
    await invoke('present:close', APP_PAGE);
    expect(handlers['present:close']).toHaveBeenCalledOnce();
    await invoke('print:pdf', APP_PAGE, { suggestedName: 'Agendapunt 1.pdf' });
    expect(handlers['print:pdf']).toHaveBeenCalledWith({ suggestedName: 'Agendapunt 1.pdf' }, { window: null });
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
    ['hub:configure', 'a file URL as hub', [{ url: 'file:///etc/passwd' }]],
    ['hub:configure', 'the app itself as hub', [{ url: 'app://raadskaart' }]],
    ['hub:configure', 'plain http to another computer', [{ url: 'http://hub.gemeente.nl' }]],
    ['hub:configure', 'a hub URL with credentials', [{ url: 'https://user:pw@hub.gemeente.nl' }]],
    ['hub:configure', 'a hub URL with a query', [{ url: 'https://hub.gemeente.nl/?next=evil' }]],
    ['hub:configure', 'a hub address that is no URL', [{ url: 'hub.gemeente.nl' }]],
    ['hub:configure', 'a bare string', ['https://hub.gemeente.nl']],
    ['hub:configure', 'no url field', [{}]],
    ['hub:get', 'an argument where none is expected', [{ url: 'x' }]],
    ['secret:set', 'a name outside the allowlist', [{ name: 'apiKey', value: 'x' }]],
    ['secret:set', 'a path as the name', [{ name: '../hubToken', value: 'x' }]],
    ['secret:set', 'a value over 4096 characters', [{ name: 'hubToken', value: 'x'.repeat(MAX_SECRET_LENGTH + 1) }]],
    ['secret:set', 'an empty value', [{ name: 'hubToken', value: '' }]],
    ['secret:set', 'a value that is not a string', [{ name: 'hubToken', value: 42 }]],
    ['secret:get', 'a name outside the allowlist', [{ name: 'password' }]],
    ['secret:delete', 'a name outside the allowlist', [{ name: 'hubToken.bin' }]],
    ['present:open', 'a route instead of a channel id', [{ channelId: '#/p/demo' }]],
    ['present:open', 'an address to open', [{ channelId: CHANNEL, url: 'https://evil.example/' }]],
    ['present:open', 'an upper-case id', [{ channelId: CHANNEL.toUpperCase() }]],
    ['present:close', 'an argument where none is expected', [{ channelId: CHANNEL }]],
    ['print:pdf', 'a path as the name', [{ suggestedName: '../../agendapunt.pdf' }]],
    ['print:pdf', 'a name that is not a PDF', [{ suggestedName: 'agendapunt.html' }]],
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
      ['hub:configure', [{ url: 'https://hub.gemeente.nl' }]],
      ['hub:get', []],
      ['secret:set', [{ name: 'hubToken', value: 'x' }]],
      ['secret:get', [{ name: 'hubToken' }]],
      ['secret:delete', [{ name: 'hubToken' }]],
      ['present:open', [{ channelId: CHANNEL }]],
      ['present:close', []],
      ['print:pdf', [{ suggestedName: 'agendapunt.pdf' }]],
    ] as const) {
      await expect(invoke(channel, senderUrl, ...args)).rejects.toBeInstanceOf(ForbiddenSenderError);
      expect(handlers[channel]).not.toHaveBeenCalled();
    }
  });
});
