// Registers the IPC handlers of the contract in src/shared/ipc.ts. Each call is checked
// twice before a handler runs: the sending frame must be on app://raadskaart, and the
// payload must parse with the channel's zod schema. It must never call a handler with an
// unchecked payload or for a frame from anywhere else.
import type { BrowserWindow, IpcMain, IpcMainInvokeEvent } from 'electron';
import type { z } from 'zod';
import { describeIssues, RaadskaartError, ValidationError } from '../shared/errors';
import { IPC_CHANNELS, ipcSchemas } from '../shared/ipc';
import type { IpcArg, IpcChannel, IpcResult } from '../shared/ipc';
import { isAppUrl } from './appOrigin';

/** What main knows about a call besides its payload. */
export type IpcContext = {
  /** The window whose page sent the call, if it still exists (parent for dialogs). */
  window: BrowserWindow | null;
};

/** Main-side handlers: the contract's signature plus the call's context. */
export type MainHandlers = {
  [C in IpcChannel]: (arg: IpcArg<C>, context: IpcContext) => Promise<IpcResult<C>>;
};

/** An IPC call from a frame that is not app://raadskaart. */
export class ForbiddenSenderError extends RaadskaartError {
  constructor(channel: IpcChannel, url: string | undefined) {
    super('forbidden-sender', `IPC ${channel}: refused a call from ${url ?? 'an unknown frame'}; only app://raadskaart may call it`);
  }
}

type Registrar = Pick<IpcMain, 'handle'>;
type WindowLookup = (event: IpcMainInvokeEvent) => BrowserWindow | null;

/**
 * Registers one ipcMain.handle per channel. `findWindow` maps a call to its window (main
 * passes BrowserWindow.fromWebContents); it is a parameter so tests need no real windows.
 */
export function registerHandlers(ipcMain: Registrar, handlers: MainHandlers, findWindow: WindowLookup = () => null): void {
  for (const channel of IPC_CHANNELS) {
    registerChannel(ipcMain, channel, handlers[channel], findWindow);
  }
}

function registerChannel<C extends IpcChannel>(ipcMain: Registrar, channel: C, handler: MainHandlers[C], findWindow: WindowLookup): void {
  ipcMain.handle(channel, async (event: IpcMainInvokeEvent, ...args: unknown[]) => {
    const senderUrl = event.senderFrame?.url;
    if (!isAppUrl(senderUrl)) throw new ForbiddenSenderError(channel, senderUrl);
    if (args.length > 1) throw new ValidationError(`IPC ${channel}: expected at most one argument, got ${args.length}`, { path: channel });
    const schema: z.ZodType<IpcArg<C>> = ipcSchemas[channel];
    const parsed = schema.safeParse(args[0]);
    if (!parsed.success) {
      throw new ValidationError(`IPC ${channel}: invalid payload\n${describeIssues(channel, parsed.error.issues)}`, { path: channel });
    }
    return handler(parsed.data, { window: findWindow(event) });
  });
}
