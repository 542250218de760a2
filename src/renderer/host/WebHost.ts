// Host for a plain browser tab: `npm run start:web` and the end-to-end tests. It can do only
// what any web page can: download a Blob, open an allowlisted https link in a new tab, reach
// the hub on the page's own origin (the server forwards /v1/), open the audience window of a
// presentation as a second window on the app's own audience route, and hand the print sheet to
// the browser's print dialog. It has no secret store: a browser has no OS key store to put a
// token in (see hubSettings.ts).
// Must never open a URL that is not on the shared allowlist or the app's own audience route,
// nor navigate the app's own tab.
import { RaadskaartError, ValidationError } from '../../shared/errors';
import { isAllowedExternalUrl, PresentationChannelId, SuggestedFileName } from '../../shared/ipc';
import type { Host, HostInfo, PresentationOpened, PrintResult, SaveFileRequest, SaveFileResult } from './Host';

/** The browser refused to open the audience window (a pop-up blocker). */
export class PopupBlockedError extends RaadskaartError {
  constructor() {
    super('popup-blocked', 'openPresentation: the browser did not open the audience window (pop-ups blocked for this page?)');
  }
}

/** App version baked in at build time (VITE_APP_VERSION), or `dev` when the build set none. */
export function buildAppVersion(): string {
  const version: unknown = import.meta.env.VITE_APP_VERSION;
  return typeof version === 'string' && version.length > 0 ? version : 'dev';
}

function describePlatform(): string {
  const uaData = (navigator as Navigator & { userAgentData?: { platform?: string } }).userAgentData;
  return uaData?.platform || navigator.platform || navigator.userAgent;
}

export function createWebHost(): Host {
  let audience: Window | null = null;
  return {
    async info(): Promise<HostInfo> {
      return { kind: 'web', appVersion: buildAppVersion(), platform: describePlatform() };
    },

    async saveFile(request: SaveFileRequest): Promise<SaveFileResult> {
      const name = SuggestedFileName.safeParse(request.suggestedName);
      if (!name.success) {
        throw new ValidationError(`saveFile: suggested name "${request.suggestedName}" is not a plain file name`, { path: 'suggestedName' });
      }
      // Copy into a fresh ArrayBuffer: a view on a shared or larger buffer must not leak extra bytes.
      const blob = new Blob([request.data.slice()], { type: request.mimeType });
      const url = URL.createObjectURL(blob);
      try {
        const link = document.createElement('a');
        link.href = url;
        link.download = name.data;
        link.rel = 'noopener';
        link.style.display = 'none';
        document.body.append(link);
        link.click();
        link.remove();
      } finally {
        // Revoke after the click has been handled; revoking synchronously can cancel the download.
        setTimeout(() => URL.revokeObjectURL(url), 10_000);
      }
      // A browser gives no signal whether the user kept the download; report what was offered.
      return { kind: 'saved', name: name.data };
    },

    async openExternal(url: string): Promise<void> {
      if (!isAllowedExternalUrl(url)) {
        throw new ValidationError(`openExternal: ${url} is not an https link to an allowed host`, { path: 'url' });
      }
      window.open(url, '_blank', 'noopener,noreferrer');
    },

    // The page fetches the address as typed; with the CSP's connect-src 'self' only the
    // page's own origin works, which `npm run start:web -- --hub URL` forwards to the hub.
    hubRequestBase: (hubUrl) => hubUrl,

    // Where /v1/ goes is the server's --hub option; the page cannot change it.
    configureHub: async () => undefined,
    configuredHub: async () => null,

    secrets: null,

    async openPresentation(channelId: string): Promise<PresentationOpened> {
      const id = PresentationChannelId.safeParse(channelId);
      if (!id.success) throw new ValidationError(`openPresentation: "${channelId}" is not a presentation channel id`, { path: 'channelId' });
      if (audience && !audience.closed) audience.close();
      // The app's own page on its own origin: the audience route, in a window of its own.
      const url = new URL(`#/audience/${id.data}`, window.location.href.split('#')[0]).href;
      audience = window.open(url, `raadskaart-audience-${id.data}`, 'popup,width=1280,height=720');
      if (audience === null) throw new PopupBlockedError();
      return { display: 'same' };
    },

    async closePresentation(): Promise<void> {
      if (audience && !audience.closed) audience.close();
      audience = null;
    },

    async printView(): Promise<PrintResult> {
      // The print style sheet shows only the print sheet; the browser offers "Save as PDF".
      window.print();
      return { kind: 'printed' };
    },
  };
}
