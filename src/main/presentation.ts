// The audience window of a presentation: at most one, opened by `present:open` and closed by
// `present:close` or when its presenter's window closes. Fullscreen on an external display
// (the projector) when the computer has one, otherwise a window beside the presenter's. It is
// made by the one window factory (windows.ts), so it has exactly the main window's security
// settings; it loads only the audience route of the given channel.
// Must never open anything but app://raadskaart/index.html#/audience/<channel id>.
import type { BrowserWindow, Display } from 'electron';
import type { PresentOpenResult } from '../shared/ipc';
import type { WindowFrame } from './windows';

/** What main needs of Electron's `screen` (usable only after the app is ready). */
export type Screens = { getAllDisplays(): Display[]; getPrimaryDisplay(): Display };

type Placement = Pick<WindowFrame, 'x' | 'y' | 'width' | 'height' | 'fullscreen'>;

/** Where the audience window goes: fullscreen on the first display that is not the primary one, else a 1280×720 window. */
export function audiencePlacement(screens: Screens): { placement: Placement; display: PresentOpenResult['display'] } {
  const primary = screens.getPrimaryDisplay();
  const external = screens.getAllDisplays().find((display) => display.id !== primary.id);
  if (!external) return { placement: { width: 1280, height: 720 }, display: 'same' };
  const { x, y, width, height } = external.bounds;
  return { placement: { x, y, width, height, fullscreen: true }, display: 'external' };
}

export type PresentationWindows = {
  /** Opens (or reopens) the audience window for `channelId` next to `presenter`. */
  open(channelId: string, presenter: BrowserWindow | null): PresentOpenResult;
  close(): void;
  /** True for the audience window itself (it may not open or print presentations). */
  isAudience(window: BrowserWindow | null): boolean;
};

export function createPresentationWindows(deps: { screens: () => Screens; createWindow: (channelId: string, placement: Placement) => BrowserWindow }): PresentationWindows {
  let audience: BrowserWindow | null = null;
  const close = (): void => {
    const window = audience;
    audience = null;
    if (window && !window.isDestroyed()) window.close();
  };
  return {
    open(channelId, presenter) {
      close();
      const { placement, display } = audiencePlacement(deps.screens());
      const window = deps.createWindow(channelId, placement);
      audience = window;
      window.on('closed', () => {
        if (audience === window) audience = null;
      });
      // The audience window belongs to its presenter: it goes when the presenter's window goes.
      presenter?.once('closed', () => {
        if (audience === window) close();
      });
      return { display };
    },
    close,
    isAudience: (window) => window !== null && window === audience,
  };
}
