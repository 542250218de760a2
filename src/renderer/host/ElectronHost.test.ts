// ElectronHost over a FAKE preload bridge: each Host method maps to its IPC channel, hub
// requests go to the app's own origin, and a "no key store" error that crossed IPC as a
// plain Error comes back as SecretStorageUnavailableError.
import { describe, expect, it, vi } from 'vitest';
import { SecretStorageUnavailableError } from '../../shared/ipc';
import type { RaadskaartBridge } from '../../shared/ipc';
import { createElectronHost } from './ElectronHost';

function fakeBridge() {
  return {
    'app:info': vi.fn(async () => ({ kind: 'electron' as const, appVersion: '0.1.0', platform: 'win32' })),
    'file:save': vi.fn(async () => ({ kind: 'saved' as const, name: 'besluiten.md' })),
    'shell:openExternal': vi.fn(async () => undefined),
    'hub:configure': vi.fn(async () => undefined),
    'hub:get': vi.fn(async () => ({ url: 'https://hub.gemeente.nl' as string | null })),
    'secret:set': vi.fn(async () => undefined),
    'secret:get': vi.fn(async () => ({ value: 'geheim' as string | null })),
    'secret:delete': vi.fn(async () => undefined),
    'present:open': vi.fn(async () => ({ display: 'external' as const })),
    'present:close': vi.fn(async () => undefined),
    'print:pdf': vi.fn(async () => ({ kind: 'saved' as const, name: 'agendapunt.pdf' })),
  } satisfies RaadskaartBridge;
}

/** What Electron's ipcRenderer.invoke rejects with when the main handler threw. */
function ipcError(channel: string, thrown: Error): Error {
  return new Error(`Error invoking remote method '${channel}': ${thrown.name}: ${thrown.message}`);
}

describe('ElectronHost (fake preload bridge)', () => {
  it('reports what the bridge reports', async () => {
    const bridge = fakeBridge();
    await expect(createElectronHost(bridge).info()).resolves.toEqual({ kind: 'electron', appVersion: '0.1.0', platform: 'win32' });
  });

  it('passes only the contract fields of a save request to file:save', async () => {
    const bridge = fakeBridge();
    const data = new Uint8Array([1, 2]);
    const request = { suggestedName: 'besluiten.md', mimeType: 'text/markdown', data, extra: 'dropped' };
    await expect(createElectronHost(bridge).saveFile(request)).resolves.toEqual({ kind: 'saved', name: 'besluiten.md' });
    expect(bridge['file:save']).toHaveBeenCalledWith({ suggestedName: 'besluiten.md', mimeType: 'text/markdown', data });
  });

  it('wraps the URL for shell:openExternal', async () => {
    const bridge = fakeBridge();
    await createElectronHost(bridge).openExternal('https://rotterdam.raadsinformatie.nl/');
    expect(bridge['shell:openExternal']).toHaveBeenCalledWith({ url: 'https://rotterdam.raadsinformatie.nl/' });
  });

  it('sends hub requests to app://raadskaart whatever the hub address', () => {
    const host = createElectronHost(fakeBridge());
    expect(host.hubRequestBase('https://hub.gemeente.nl')).toBe('app://raadskaart');
    expect(host.hubRequestBase('http://127.0.0.1:8787')).toBe('app://raadskaart');
  });

  it('configures the hub over hub:configure and reads it over hub:get', async () => {
    const bridge = fakeBridge();
    const host = createElectronHost(bridge);
    await host.configureHub('https://hub.gemeente.nl');
    await host.configureHub(null);
    expect(bridge['hub:configure'].mock.calls).toEqual([[{ url: 'https://hub.gemeente.nl' }], [{ url: null }]]);
    await expect(host.configuredHub()).resolves.toBe('https://hub.gemeente.nl');
  });

  it('maps secrets to secret:get, secret:set and secret:delete', async () => {
    const bridge = fakeBridge();
    const secrets = createElectronHost(bridge).secrets;
    if (secrets === null) throw new Error('ElectronHost must have a secret store');
    await expect(secrets.get('hubToken')).resolves.toBe('geheim');
    await secrets.set('hubToken', 'nieuw');
    await secrets.delete('hubToken');
    expect(bridge['secret:get']).toHaveBeenCalledWith({ name: 'hubToken' });
    expect(bridge['secret:set']).toHaveBeenCalledWith({ name: 'hubToken', value: 'nieuw' });
    expect(bridge['secret:delete']).toHaveBeenCalledWith({ name: 'hubToken' });
  });

  it('turns a "no key store" IPC error back into SecretStorageUnavailableError with main\'s detail', async () => {
    const bridge = fakeBridge();
    const thrown = new SecretStorageUnavailableError('safeStorage backend "basic_text"; the token was not stored');
    bridge['secret:set'].mockRejectedValue(ipcError('secret:set', thrown));
    const attempt = createElectronHost(bridge).secrets?.set('hubToken', 'x');
    await expect(attempt).rejects.toBeInstanceOf(SecretStorageUnavailableError);
    await expect(attempt).rejects.toMatchObject({
      code: 'secret-storage-unavailable',
      message: 'secret-storage-unavailable: safeStorage backend "basic_text"; the token was not stored',
    });
  });

  it('opens and closes the audience window over present:open and present:close, passing only the channel id', async () => {
    const bridge = fakeBridge();
    const host = createElectronHost(bridge);
    await expect(host.openPresentation('3f1c2b0a-9d8e-4c7b-a6f5-0e1d2c3b4a59')).resolves.toEqual({ display: 'external' });
    await host.closePresentation();
    expect(bridge['present:open']).toHaveBeenCalledExactlyOnceWith({ channelId: '3f1c2b0a-9d8e-4c7b-a6f5-0e1d2c3b4a59' });
    expect(bridge['present:close']).toHaveBeenCalledOnce();
  });

  it('prints the print sheet to PDF over print:pdf', async () => {
    const bridge = fakeBridge();
    await expect(createElectronHost(bridge).printView({ suggestedName: 'agendapunt.pdf' })).resolves.toEqual({ kind: 'saved', name: 'agendapunt.pdf' });
    expect(bridge['print:pdf']).toHaveBeenCalledExactlyOnceWith({ suggestedName: 'agendapunt.pdf' });
  });

  it('passes other IPC errors through unchanged', async () => {
    const bridge = fakeBridge();
    const other = new Error("Error invoking remote method 'secret:get': ValidationError: invalid payload");
    bridge['secret:get'].mockRejectedValue(other);
    await expect(createElectronHost(bridge).secrets?.get('hubToken')).rejects.toBe(other);
  });
});
