// The one typed IPC contract between the renderer (through the preload bridge) and the
// Electron main process. Channel names are `domain:verb`; every channel has a zod schema for
// its argument, and main validates each payload with it before a handler sees it.
// Pure: no electron, no node:*, no DOM. It must never widen what the renderer may ask of the
// operating system: a new channel here is a new hole in the sandbox, so keep it narrow.
import { z } from 'zod';
import { RaadskaartError } from './errors';

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
  url: z.string().max(MAX_URL_LENGTH).refine(isAllowedExternalUrl, 'must be an https URL on the allowlist of external hosts'),
});
export type OpenExternalArg = z.infer<typeof OpenExternalArg>;

/**
 * The hub address as the page uses it in the Electron app: the app's own origin. Main
 * forwards app://raadskaart/v1/* to the hub set with `hub:configure`, so the CSP keeps
 * `connect-src 'self'` (docs/electron-shell.md). Must equal APP_ORIGIN in src/main/appOrigin.ts.
 */
export const APP_HUB_BASE = 'app://raadskaart';

/** True for hosts that never leave the machine: localhost, 127.0.0.0/8 and ::1. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  return host === 'localhost' || host === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/**
 * The normalised base of a hub address, or null if it is not one: https, or plain http only
 * to this machine (every forwarded request carries the token, which must not cross a network
 * unencrypted); a host; no user name or password, no query or fragment. The result is the
 * origin plus the path without a trailing slash (so `${base}/v1/...` is one well-formed URL).
 * Main applies it to every `hub:configure` payload and to hub.json when read back.
 */
export function parseHubBaseUrl(raw: string): string | null {
  if (raw.length > MAX_URL_LENGTH) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) return null;
  if (url.username !== '' || url.password !== '' || url.hostname === '') return null;
  if (url.search !== '' || url.hash !== '' || raw.includes('?') || raw.includes('#')) return null;
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

export const HubUrl = z
  .string()
  .max(MAX_URL_LENGTH)
  .refine((raw) => parseHubBaseUrl(raw) !== null, 'must be an https address (plain http only to this machine) without user name, password, query or fragment');

/** `hub:configure`: where main forwards app://raadskaart/v1/*; null forgets the hub. */
export const HubConfigureArg = z.strictObject({ url: HubUrl.nullable() });
export type HubConfigureArg = z.infer<typeof HubConfigureArg>;

export const HubGetArg = z.undefined();

/** Result of `hub:get`: the normalised hub address main forwards to, or null. */
export type HubGetResult = { url: string | null };

/**
 * The secrets the page may store through main, by name. A closed list: `secret:*` is never
 * a general-purpose key-value store, and a name is never a path (it becomes a file name).
 */
export const SECRET_NAMES = ['hubToken'] as const;
export const SecretName = z.enum(SECRET_NAMES);
export type SecretName = z.infer<typeof SecretName>;

/** Longest secret value (a hub token is 43 characters; this leaves room, not a store). */
export const MAX_SECRET_LENGTH = 4096;

export const SecretSetArg = z.strictObject({ name: SecretName, value: z.string().min(1).max(MAX_SECRET_LENGTH) });
export type SecretSetArg = z.infer<typeof SecretSetArg>;

export const SecretNameArg = z.strictObject({ name: SecretName });
export type SecretNameArg = z.infer<typeof SecretNameArg>;

/** Result of `secret:get`: null when nothing is stored (or it can no longer be decrypted). */
export type SecretGetResult = { value: string | null };

/** The `code` of SecretStorageUnavailableError; also put in its message (see below). */
export const SECRET_STORAGE_UNAVAILABLE = 'secret-storage-unavailable';

/**
 * The operating system offers no real key store (Linux with only `basic_text`, or no
 * encryption at all), so main refuses to store or read a secret: it fails closed rather than
 * keep a token readable on disk. Electron passes only an error's message across IPC, so the
 * code is also the start of the message, and isSecretStorageUnavailable finds it there.
 */
export class SecretStorageUnavailableError extends RaadskaartError {
  constructor(detail: string) {
    super(SECRET_STORAGE_UNAVAILABLE, `${SECRET_STORAGE_UNAVAILABLE}: ${detail}`);
  }
}

/** True for SecretStorageUnavailableError, also after IPC turned it into a plain Error. */
export function isSecretStorageUnavailable(error: unknown): boolean {
  if (error instanceof SecretStorageUnavailableError) return true;
  return error instanceof Error && error.message.includes(`${SECRET_STORAGE_UNAVAILABLE}: `);
}

/** A presentation channel id (the audience route's last segment): a lowercase UUID. */
export const PresentationChannelId = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'must be a lowercase UUID');

/**
 * `present:open`: main opens the audience window on app://raadskaart/index.html#/audience/<channelId>
 * (fullscreen on an external display when there is one). Only the channel id crosses: main
 * builds the address itself, so the page cannot make it open anything else.
 */
export const PresentOpenArg = z.strictObject({ channelId: PresentationChannelId });
export type PresentOpenArg = z.infer<typeof PresentOpenArg>;

/** Result of `present:open`: where the audience window went. */
export type PresentOpenResult = { display: 'external' | 'same' };

export const PresentCloseArg = z.undefined();

/** `print:pdf`: main prints the calling page (its print style sheet: an A4 landscape sheet) to PDF and saves it where the user chooses. */
export const PrintPdfArg = z.strictObject({
  suggestedName: SuggestedFileName.refine((name) => name.toLowerCase().endsWith('.pdf'), 'must end in .pdf'),
});
export type PrintPdfArg = z.infer<typeof PrintPdfArg>;

/** Result of `app:info`: always `electron`, the web host answers this without IPC. */
export type AppInfoResult = { kind: 'electron'; appVersion: string; platform: string };

/** Result of `file:save`: the user may cancel the dialog; only the file's name comes back. */
export type SaveFileResult = { kind: 'saved'; name: string } | { kind: 'cancelled' };

/** The contract: one entry per channel, the argument it takes and what it resolves to. */
export type IpcHandlers = {
  'app:info': () => Promise<AppInfoResult>;
  'file:save': (arg: SaveFileArg) => Promise<SaveFileResult>;
  'shell:openExternal': (arg: OpenExternalArg) => Promise<void>;
  'hub:configure': (arg: HubConfigureArg) => Promise<void>;
  'hub:get': () => Promise<HubGetResult>;
  'secret:set': (arg: SecretSetArg) => Promise<void>;
  'secret:get': (arg: SecretNameArg) => Promise<SecretGetResult>;
  'secret:delete': (arg: SecretNameArg) => Promise<void>;
  'present:open': (arg: PresentOpenArg) => Promise<PresentOpenResult>;
  'present:close': () => Promise<void>;
  'print:pdf': (arg: PrintPdfArg) => Promise<SaveFileResult>;
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
  'hub:configure': HubConfigureArg,
  'hub:get': HubGetArg,
  'secret:set': SecretSetArg,
  'secret:get': SecretNameArg,
  'secret:delete': SecretNameArg,
  'present:open': PresentOpenArg,
  'present:close': PresentCloseArg,
  'print:pdf': PrintPdfArg,
};

/** Every channel, for code that must cover all of them (registration, tests). */
export const IPC_CHANNELS = Object.keys(ipcSchemas) as IpcChannel[];

/**
 * What the preload exposes as `window.raadskaart`: exactly the contract, one method per
 * channel, nothing else (never ipcRenderer itself).
 */
export type RaadskaartBridge = IpcHandlers;
