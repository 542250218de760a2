// What the UI may ask of the environment it runs in. Two implementations: ElectronHost
// (the preload bridge, window.raadskaart) and WebHost (a plain browser, used by
// `npm run start:web` and the end-to-end tests). Components never touch either directly.

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

export type Host = {
  info(): Promise<HostInfo>;
  saveFile(request: SaveFileRequest): Promise<SaveFileResult>;
  /** Opens an https link in the system browser; only hosts on the allowlist are opened. */
  openExternal(url: string): Promise<void>;
};
