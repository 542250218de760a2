// The presenter's side of a presentation: opens the audience window through the Host, and
// sends it the public state over a BroadcastChannel on the app's own origin (presentationState.ts).
// "Bevriezen" keeps the audience on the last state sent before it (new states are held back
// until it is released); "Scherm zwart" blanks the audience screen. A window that opens (or
// reloads) asks with `hello` and gets the current state. One session per page, kept outside
// React so it survives moving between screens; components read it with usePresentation().
// Must never send anything but an AudienceState: no talking points, no notes.
import { useSyncExternalStore } from 'react';
import { AudienceMessage, presentationChannelName } from '../../../shared/view/presentationState';
import type { AudienceState, PresenterMessage } from '../../../shared/view/presentationState';
import { getHost } from '../../host';
import type { PresentationOpened } from '../../host/Host';

/** What the presenter's screen shows of the session. */
export type PresentationSnapshot =
  | { active: false }
  | {
      active: true;
      channelId: string;
      display: PresentationOpened['display'];
      blank: boolean;
      frozen: boolean;
      /** The state the audience was last sent (what its screen shows), if any yet. */
      shown: AudienceState | undefined;
      /** True when the audience reported the last state sent as drawn. */
      inStep: boolean;
    };

const INACTIVE: PresentationSnapshot = { active: false };

export class PresentationSession {
  private snapshot: PresentationSnapshot = INACTIVE;
  private readonly listeners = new Set<() => void>();
  private channel: BroadcastChannel | undefined;
  private seq = 0;
  /** The latest state the presenter's view implies (sent unless frozen). */
  private latest: AudienceState | undefined;
  /** The state last sent, and its sequence number. */
  private sent: { seq: number; state: AudienceState } | undefined;
  private shownSeq = -1;

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getSnapshot = (): PresentationSnapshot => this.snapshot;

  /** Opens the audience window and starts sending; resolves when the window was asked to open. */
  async start(): Promise<void> {
    if (this.snapshot.active) return;
    const channelId = crypto.randomUUID();
    const channel = new BroadcastChannel(presentationChannelName(channelId));
    channel.onmessage = (event: MessageEvent<unknown>) => this.onAudienceMessage(event.data);
    this.channel = channel;
    try {
      const { display } = await getHost().openPresentation(channelId);
      this.snapshot = { active: true, channelId, display, blank: false, frozen: false, shown: undefined, inStep: false };
      this.sent = undefined;
      this.shownSeq = -1;
      this.emit();
      this.flush();
    } catch (error) {
      channel.close();
      this.channel = undefined;
      throw error;
    }
  }

  /** Ends the presentation: the audience window is told to close and closed. */
  async end(): Promise<void> {
    if (!this.snapshot.active) return;
    this.post({ type: 'end' });
    this.channel?.close();
    this.channel = undefined;
    this.snapshot = INACTIVE;
    this.emit();
    await getHost().closePresentation();
  }

  /** The state the presenter's current view implies; sent at once unless the audience is frozen. */
  publish(state: AudienceState): void {
    this.latest = state;
    this.flush();
  }

  setBlank(blank: boolean): void {
    if (!this.snapshot.active || this.snapshot.blank === blank) return;
    this.snapshot = { ...this.snapshot, blank };
    this.emit();
    // Blanking is never held back by a freeze: the screen goes black at once.
    this.flush(true);
  }

  setFrozen(frozen: boolean): void {
    if (!this.snapshot.active || this.snapshot.frozen === frozen) return;
    this.snapshot = { ...this.snapshot, frozen };
    this.emit();
    if (!frozen) this.flush();
  }

  private flush(force = false): void {
    const snapshot = this.snapshot;
    if (!snapshot.active || !this.latest) return;
    if (snapshot.frozen && !force && this.sent) return;
    const base = snapshot.frozen && this.sent ? this.sent.state : this.latest;
    const state: AudienceState = { ...base, blank: snapshot.blank };
    if (this.sent && JSON.stringify(this.sent.state) === JSON.stringify(state)) return;
    this.seq += 1;
    this.sent = { seq: this.seq, state };
    this.post({ type: 'state', seq: this.seq, state });
    this.snapshot = { ...snapshot, shown: state, inStep: false };
    this.emit();
  }

  private post(message: PresenterMessage): void {
    this.channel?.postMessage(message);
  }

  private onAudienceMessage(data: unknown): void {
    const message = AudienceMessage.safeParse(data);
    if (!message.success) return;
    if (message.data.type === 'hello') {
      if (this.sent) this.post({ type: 'state', seq: this.sent.seq, state: this.sent.state });
      return;
    }
    this.shownSeq = Math.max(this.shownSeq, message.data.seq);
    const snapshot = this.snapshot;
    if (snapshot.active && this.sent && this.shownSeq >= this.sent.seq && !snapshot.inStep) {
      this.snapshot = { ...snapshot, inStep: true };
      this.emit();
    }
  }

  private emit(): void {
    for (const listener of this.listeners) listener();
  }
}

let session: PresentationSession | undefined;

/** The page's presentation session. */
export function presentationSession(): PresentationSession {
  session ??= new PresentationSession();
  return session;
}

/** The session's state for the presenter's screen; re-renders on every change. */
export function usePresentation(): PresentationSnapshot {
  const s = presentationSession();
  return useSyncExternalStore(s.subscribe, s.getSnapshot);
}
