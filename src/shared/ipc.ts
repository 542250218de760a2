// The one typed IPC contract between the renderer (through the preload bridge) and the
// Electron main process. Channel names are `domain:verb`; every channel has a zod schema for
// its argument, and main validates each payload with it before a handler sees it.
// Pure: no electron, no node:*, no DOM. It must never widen what the renderer may ask of the
// operating system: a new channel here is a new hole in the sandbox, so keep it narrow.
import { z } from 'zod';

/** Largest file the renderer may hand to `file:save` (exports, decision lists). */
export const MAX_SAVE_BYTES = 200 * 1024 * 1024;

/** Longest suggested file name for `file:save`. */
export const MAX_FILE_NAME_LENGTH = 200;

/**
 * Hosts that `shell:openExternal` may open in the system browser. `exact` hosts match only
 * themselves; `withSubdomains` also match `<anything>.<domain>`, because council information
 * systems live on per-municipality subdomains (e.g. rotterdam.raadsinformatie.nl).
 */
export const EXTERNAL_HOST_ALLOWLIST = {
  exact: ['www.rotterdam.nl', '3d.rotterdam.nl'],
  withSubdomains: ['raadsinformatie.nl', 'open-raadsinformatie.nl', 'openraadsinformatie.nl'],
} as const;

const MAX_URL_LENGTH = 2048;

/**
 * True only for an `https:` URL without credentials or an explicit port whose host is on
 * EXTERNAL_HOST_ALLOWLIST. Parsed with URL, never matched as a string, so
 * `https://raadsinformatie.nl@evil.example` or `https://raadsinformatie.nl.evil.example` fail.
 */
export function isAllowedExternalUrl(raw: string): boolean {
  if (raw.length > MAX_URL_LENGTH) return false;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  if (url.protocol !== 'https:' || url.username !== '' || url.password !== '' || url.port !== '') return false;
  const host = url.hostname;
  if ((EXTERNAL_HOST_ALLOWLIST.exact as readonly string[]).includes(host)) return true;
  return EXTERNAL_HOST_ALLOWLIST.withSubdomains.some((domain) => host === domain || host.endsWith(`.${domain}`));
}

// Characters that are path separators or invalid in Windows file names, plus control
// characters: a suggested name is a name, never a path.
// eslint-disable-next-line no-control-regex
const FORBIDDEN_FILE_NAME_CHARACTERS = /[\\/:*?"<>|\u0000-\u001f\u007f]/;

export const SuggestedFileName = z
  .string()
  .min(1)
  .max(MAX_FILE_NAME_LENGTH)
  .refine((name) => !FORBIDDEN_FILE_NAME_CHARACTERS.test(name), 'must be a file name without path separators, \\ / : * ? " < > | or control characters')
  .refine((name) => name !== '.' && name !== '..' && name.trim() === name, 'must not be "." or ".." or start or end with spaces');

export const MimeType = z
  .string()
  .max(100)
  .regex(/^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*(?:;.*)?$/i, 'must be a MIME type such as text/markdown');

export const AppInfoArg = z.undefined();

export const SaveFileArg = z.strictObject({
  suggestedName: SuggestedFileName,
  mimeType: MimeType,
  // z.custom rather than z.instanceof: the latter narrows to Uint8Array<ArrayBuffer>, while
  // Host.saveFile accepts any Uint8Array (structured clone delivers a plain copy either way).
  data: z
    .custom<Uint8Array>((value) => value instanceof Uint8Array, { message: 'must be a Uint8Array' })
    .refine((data) => data.byteLength <= MAX_SAVE_BYTES, `must be at most ${MAX_SAVE_BYTES} bytes`),
});
export type SaveFileArg = z.infer<typeof SaveFileArg>;

export const OpenExternalArg = z.strictObject({
  url: z
    .string()
    .max(MAX_URL_LENGTH)
    .refine(isAllowedExternalUrl, 'must be an https URL on the allowlist of external hosts'),
});
export type OpenExternalArg = z.infer<typeof OpenExternalArg>;

/** Result of `app:info`: always `electron`, the web host answers this without IPC. */
export type AppInfoResult = { kind: 'electron'; appVersion: string; platform: string };

/** Result of `file:save`: the user may cancel the dialog; only the file's name comes back. */
export type SaveFileResult = { kind: 'saved'; name: string } | { kind: 'cancelled' };

/** The contract: one entry per channel, the argument it takes and what it resolves to. */
export type IpcHandlers = {
  'app:info': () => Promise<AppInfoResult>;
  'file:save': (arg: SaveFileArg) => Promise<SaveFileResult>;
  'shell:openExternal': (arg: OpenExternalArg) => Promise<void>;
};

export type IpcChannel = keyof IpcHandlers;

/** The argument type of a channel (`undefined` for channels that take none). */
export type IpcArg<C extends IpcChannel> = Parameters<IpcHandlers[C]> extends [infer A] ? A : undefined;

/** What a channel resolves to. */
export type IpcResult<C extends IpcChannel> = Awaited<ReturnType<IpcHandlers[C]>>;

/** Schema of each channel's argument; main rejects a payload that does not parse. */
export const ipcSchemas: { readonly [C in IpcChannel]: z.ZodType<IpcArg<C>> } = {
  'app:info': AppInfoArg,
  'file:save': SaveFileArg,
  'shell:openExternal': OpenExternalArg,
};

/** Every channel, for code that must cover all of them (registration, tests). */
export const IPC_CHANNELS = Object.keys(ipcSchemas) as IpcChannel[];

/**
 * What the preload exposes as `window.raadskaart`: exactly the contract, one method per
 * channel, nothing else (never ipcRenderer itself).
 */
export type RaadskaartBridge = IpcHandlers;
