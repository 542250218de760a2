// The preload bridge against a FAKE electron module (contextBridge and ipcRenderer spies):
// it exposes exactly the contract and nothing that could reach ipcRenderer itself.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { IPC_CHANNELS } from '../shared/ipc';

const fake = vi.hoisted(() => ({
  exposeInMainWorld: vi.fn(),
  invoke: vi.fn(async (..._args: unknown[]) => 'result'),
}));

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: fake.exposeInMainWorld },
  ipcRenderer: { invoke: fake.invoke, send: vi.fn(), on: vi.fn(), sendSync: vi.fn() },
}));

await import('./index');
// Captured now: vitest clears mock calls before each test, and the preload runs once on import.
const exposeCalls = [...fake.exposeInMainWorld.mock.calls];

function exposed(): Record<string, unknown> {
  expect(exposeCalls).toHaveLength(1);
  const [key, api] = exposeCalls[0] as [string, Record<string, unknown>];
  expect(key).toBe('raadskaart');
  return api;
}

describe('preload bridge (fake electron module)', () => {
  it('exposes one method per contract channel and nothing else', () => {
    const api = exposed();
    expect(Object.keys(api).sort()).toEqual([...IPC_CHANNELS].sort());
    for (const value of Object.values(api)) expect(value).toBeTypeOf('function');
  });

  it('never exposes ipcRenderer or its methods', async () => {
    const api = exposed();
    const electron = await import('electron');
    for (const value of Object.values(api)) {
      expect(value).not.toBe(electron.ipcRenderer);
      expect(value).not.toBe(electron.ipcRenderer.invoke);
      expect(value).not.toBe(electron.ipcRenderer.send);
    }
  });

  it('invokes each method on its own channel with its argument', async () => {
    const api = exposed() as Record<string, (arg?: unknown) => Promise<unknown>>;
    const save = { suggestedName: 'a.md', mimeType: 'text/markdown', data: new Uint8Array([1]) };
    await api['app:info']?.();
    await api['file:save']?.(save);
    await api['shell:openExternal']?.({ url: 'https://rotterdam.raadsinformatie.nl/' });
    await api['hub:configure']?.({ url: 'https://hub.gemeente.nl' });
    await api['hub:get']?.();
    await api['secret:set']?.({ name: 'hubToken', value: 'geheim' });
    await api['secret:get']?.({ name: 'hubToken' });
    await api['secret:delete']?.({ name: 'hubToken' });
    await api['present:open']?.({ channelId: '3f1c2b0a-9d8e-4c7b-a6f5-0e1d2c3b4a59' });
    await api['present:close']?.();
    await api['print:pdf']?.({ suggestedName: 'agendapunt.pdf' });
    expect(fake.invoke.mock.calls).toEqual([
      ['app:info'],
      ['file:save', save],
      ['shell:openExternal', { url: 'https://rotterdam.raadsinformatie.nl/' }],
      ['hub:configure', { url: 'https://hub.gemeente.nl' }],
      ['hub:get'],
      ['secret:set', { name: 'hubToken', value: 'geheim' }],
      ['secret:get', { name: 'hubToken' }],
      ['secret:delete', { name: 'hubToken' }],
      ['present:open', { channelId: '3f1c2b0a-9d8e-4c7b-a6f5-0e1d2c3b4a59' }],
      ['present:close'],
      ['print:pdf', { suggestedName: 'agendapunt.pdf' }],
    ]);
  });

  it('imports nothing but electron at runtime (a sandboxed preload cannot require modules)', async () => {
    const source = await readFile(path.join(__dirname, 'index.ts'), 'utf8');
    const runtimeImports = [...source.matchAll(/^import\s+(?!type\b)[^'"]*['"]([^'"]+)['"]/gm)].map((m) => m[1]);
    expect(runtimeImports).toEqual(['electron']);
  });
});
