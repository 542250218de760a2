// ElectronHost over a fake bridge: each Host method maps to its IPC channel.
import { describe, expect, it, vi } from 'vitest';
import type { RaadskaartBridge } from '../../shared/ipc';
import { createElectronHost } from './ElectronHost';

function fakeBridge() {
  return {
    'app:info': vi.fn(async () => ({ kind: 'electron' as const, appVersion: '0.1.0', platform: 'win32' })),
    'file:save': vi.fn(async () => ({ kind: 'saved' as const, name: 'besluiten.md' })),
    'shell:openExternal': vi.fn(async () => undefined),
  } satisfies RaadskaartBridge;
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
});
