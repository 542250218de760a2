// The preload bridge: exposes exactly the IPC contract as window.raadskaart, one method per
// channel. It must never expose ipcRenderer, a generic invoke/send, or Node APIs, and must
// import nothing at runtime but electron: a sandboxed preload cannot require other modules
// (so src/shared is imported for types only; main validates every payload anyway).
import { contextBridge, ipcRenderer } from 'electron';
import type { IpcChannel, IpcHandlers, RaadskaartBridge } from '../shared/ipc';

/** Name of the global the renderer reads (window.raadskaart). */
export const BRIDGE_KEY = 'raadskaart';

function invoke<C extends IpcChannel>(channel: C, ...args: Parameters<IpcHandlers[C]>): ReturnType<IpcHandlers[C]> {
  return ipcRenderer.invoke(channel, ...args) as ReturnType<IpcHandlers[C]>;
}

export const bridge = {
  'app:info': () => invoke('app:info'),
  'file:save': (arg) => invoke('file:save', arg),
  'shell:openExternal': (arg) => invoke('shell:openExternal', arg),
  'hub:configure': (arg) => invoke('hub:configure', arg),
  'hub:get': () => invoke('hub:get'),
  'secret:set': (arg) => invoke('secret:set', arg),
  'secret:get': (arg) => invoke('secret:get', arg),
  'secret:delete': (arg) => invoke('secret:delete', arg),
  'present:open': (arg) => invoke('present:open', arg),
  'present:close': () => invoke('present:close'),
  'print:pdf': (arg) => invoke('print:pdf', arg),
} satisfies RaadskaartBridge;

contextBridge.exposeInMainWorld(BRIDGE_KEY, bridge);
