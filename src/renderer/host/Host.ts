// What the UI may ask of the environment it runs in. Two implementations: ElectronHost
// (the preload bridge, window.raadskaart) and WebHost (a plain browser, used by
// `npm run start:web` and the end-to-end tests). Components never touch either directly.
import type { SecretName } from '../../shared/ipc';

export type { SecretName };

export type HostInfo = {
  kind: 'electron' | 'web';
  appVersion: string;
  platform: string;
};

export type SaveFileRequest = {
  suggestedName: string;
  mimeType: string;
  data: Uint8Array;
};

/** Result of a save: the user may cancel the dialog. */
export type SaveFileResult = { kind: 'saved'; name: string } | { kind: 'cancelled' };

/**
 * Secrets kept by the operating system's key store. `set` throws SecretStorageUnavailableError
 * (src/shared/ipc.ts; test with isSecretStorageUnavailable) when the computer has no real key
 * store, and then stores nothing.
 */
export type SecretStore = {
  get(name: SecretName): Promise<string | null>;
  set(name: SecretName, value: string): Promise<void>;
  delete(name: SecretName): Promise<void>;
};

/** Where an audience window went: a second display (the projector), or this one. */
export type PresentationOpened = { display: 'external' | 'same' };

/** Result of printing the print sheet: saved as a PDF (Electron), handed to the browser's print dialog, or cancelled. */
export type PrintResult = { kind: 'saved'; name: string } | { kind: 'printed' } | { kind: 'cancelled' };

export type Host = {
  info(): Promise<HostInfo>;
  saveFile(request: SaveFileRequest): Promise<SaveFileResult>;
  /** Opens an https link in the system browser; only hosts on the allowlist are opened. */
  openExternal(url: string): Promise<void>;
  /**
   * The base the page puts before `/v1/...` to reach the hub at `hubUrl`. The page only
   * fetches its own origin (CSP connect-src 'self'): Electron answers APP_HUB_BASE
   * (app://raadskaart, forwarded by main to the hub set with configureHub); the web host
   * answers `hubUrl` itself, which there is the page's own origin (its server forwards /v1/).
   */
  hubRequestBase(hubUrl: string): string;
  /** Tells the host where hub requests go (null: nowhere). A no-op in the web host. */
  configureHub(url: string | null): Promise<void>;
  /** The hub address the host forwards to, or null when it has none or does not know. */
  configuredHub(): Promise<string | null>;
  /** The OS key store, or null where there is none (a browser tab). */
  readonly secrets: SecretStore | null;
  /**
   * Opens the audience window of presentation `channelId` (the route #/audience/<channelId>):
   * Electron opens a second window with the main window's security settings, fullscreen on an
   * external display when there is one; a browser opens a second window.
   */
  openPresentation(channelId: string): Promise<PresentationOpened>;
  /** Closes the audience window, if one is open. */
  closePresentation(): Promise<void>;
  /** Prints the page's print sheet (A4 landscape): a PDF saved where the user chooses (Electron), or the browser's print dialog. */
  printView(request: { suggestedName: string }): Promise<PrintResult>;
};
