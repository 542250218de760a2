// The audience window's placement and lifetime, with FAKE displays and windows (no Electron
// runs here): fullscreen on an external display when there is one, one window at a time, and
// gone when its presenter's window goes.
import { describe, expect, it, vi } from 'vitest';
import type { BrowserWindow, Display } from 'electron';
import { audiencePlacement, createPresentationWindows } from './presentation';

vi.mock('electron', () => ({}));

const display = (id: number, x: number, width: number, height: number) => ({ id, bounds: { x, y: 0, width, height } }) as unknown as Display;
const laptop = display(1, 0, 1440, 900);
const projector = display(2, 1440, 1920, 1080);

class FakeWindow {
  private readonly listeners = new Map<string, (() => void)[]>();
  destroyed = false;
  readonly close = vi.fn(() => {
    this.destroyed = true;
    this.emit('closed');
  });
  isDestroyed = () => this.destroyed;
  on(event: string, listener: () => void) {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  once(event: string, listener: () => void) {
    return this.on(event, listener);
  }
  emit(event: string) {
    for (const listener of this.listeners.get(event) ?? []) listener();
  }
}
const asWindow = (w: FakeWindow) => w as unknown as BrowserWindow;

function setup(displays: Display[]) {
  const made: { channelId: string; placement: unknown; window: FakeWindow }[] = [];
  const windows = createPresentationWindows({
    screens: () => ({ getAllDisplays: () => displays, getPrimaryDisplay: () => laptop }),
    createWindow: (channelId, placement) => {
      const window = new FakeWindow();
      made.push({ channelId, placement, window });
      return asWindow(window);
    },
  });
  return { windows, made };
}

describe('the audience window (fake displays and windows)', () => {
  it('goes fullscreen on the projector when a second display is connected', () => {
    expect(audiencePlacement({ getAllDisplays: () => [laptop, projector], getPrimaryDisplay: () => laptop })).toEqual({
      placement: { x: 1440, y: 0, width: 1920, height: 1080, fullscreen: true },
      display: 'external',
    });
  });

  it('opens as a 1280×720 window on the only display otherwise', () => {
    expect(audiencePlacement({ getAllDisplays: () => [laptop], getPrimaryDisplay: () => laptop })).toEqual({ placement: { width: 1280, height: 720 }, display: 'same' });
  });

  it('keeps one audience window: opening again closes the first, and close closes it', () => {
    const { windows, made } = setup([laptop, projector]);
    const presenter = new FakeWindow();
    expect(windows.open('3f1c2b0a-9d8e-4c7b-a6f5-0e1d2c3b4a59', asWindow(presenter))).toEqual({ display: 'external' });
    windows.open('0e1d2c3b-4a59-4c7b-a6f5-3f1c2b0a9d8e', asWindow(presenter));
    expect(made.map((m) => m.channelId)).toEqual(['3f1c2b0a-9d8e-4c7b-a6f5-0e1d2c3b4a59', '0e1d2c3b-4a59-4c7b-a6f5-3f1c2b0a9d8e']);
    expect(made[0]?.window.close).toHaveBeenCalledOnce();
    expect(windows.isAudience(asWindow(made[1]!.window))).toBe(true);
    windows.close();
    expect(made[1]?.window.close).toHaveBeenCalledOnce();
    expect(windows.isAudience(asWindow(made[1]!.window))).toBe(false);
  });

  it("closes the audience window when the presenter's window closes", () => {
    const { windows, made } = setup([laptop]);
    const presenter = new FakeWindow();
    windows.open('3f1c2b0a-9d8e-4c7b-a6f5-0e1d2c3b4a59', asWindow(presenter));
    presenter.emit('closed');
    expect(made[0]?.window.close).toHaveBeenCalledOnce();
  });
});
