// The messages between the presenter's window and the audience window of a presentation (a
// BroadcastChannel on the app's own origin, the same in Electron and in a browser). The
// audience screen is rendered only from the last `state` message: the public view (what is
// shown, compare mode, what-if toggles, camera, layers), the titles of the shown views and of
// the briefing step, and whether the screen is blanked. The schema is closed (strict objects):
// there is no field a presenter's talking points or notes could travel in, and the audience
// window refuses any message that does not parse. Pure.
import { z } from 'zod';
import { ViewContent } from './presentationView';

/** The channel name of a presentation: one per presenter session. */
export function presentationChannelName(channelId: string): string {
  return `raadskaart-presentation:${channelId}`;
}

const Title = z.string().max(300);

/** Everything the audience screen shows. */
export const AudienceState = z.strictObject({
  packageId: z.string().min(1).max(100),
  agendaItemId: z.string().min(1).max(100),
  /** The view with kept compositions replaced by their interventions (the audience reads no compositions). */
  view: ViewContent,
  /** The titles of the shown views, in order ("Huidige situatie", "Groen en klimaatadaptief", "Eigen samenstelling: …"). */
  viewTitles: z.array(Title).min(1).max(4),
  /** The current briefing step's title and position, when a briefing is being played. */
  step: z.strictObject({ title: Title, number: z.number().int().min(1), count: z.number().int().min(1) }).optional(),
  /** "Scherm zwart": the audience sees a black screen. */
  blank: z.boolean(),
  /** The high-contrast projector theme. */
  theme: z.enum(['standard', 'projector']),
  /** What the audience sees beside the map: the indicator table, the charts, or nothing. */
  panel: z.enum(['table', 'chart', 'none']),
});
export type AudienceState = z.infer<typeof AudienceState>;

/** Presenter → audience. `seq` grows with every state, so the audience can report which one it shows. */
export const PresenterMessage = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('state'), seq: z.number().int().nonnegative(), state: AudienceState }),
  /** The presentation ended: the audience window closes (or says so, where it may not close itself). */
  z.strictObject({ type: z.literal('end') }),
]);
export type PresenterMessage = z.infer<typeof PresenterMessage>;

/** Audience → presenter: ask for the current state (a window that just opened), or report that a state is drawn. */
export const AudienceMessage = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('hello') }),
  /** The maps of state `seq` are drawn (idle): the presenter's preview says the audience is in step. */
  z.strictObject({ type: z.literal('shown'), seq: z.number().int().nonnegative() }),
]);
export type AudienceMessage = z.infer<typeof AudienceMessage>;
