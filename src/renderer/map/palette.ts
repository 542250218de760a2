// Colours and line dashes of the map, per intervention kind. Shared by the map style and the
// legend so that what the legend shows is what the map draws.
//
// The intervention colours were chosen by search, not by eye: every colour has at least 3:1
// contrast against MAP_BACKGROUND (WCAG 2.1 SC 1.4.11, non-text contrast), and every pair stays
// at least 14 CIEDE2000 units apart (15.0 measured) for normal vision and under simulated
// deuteranopia and protanopia (Machado et al. 2009, severity 1). palette.test.ts checks both
// claims, so an edit here that breaks them fails the tests. Colour is never the only cue: each
// kind also has its own outline dash pattern (housing is extruded), and the labels name it.
// Pure data: no map engine, no DOM.
import { InterventionKind } from '../../shared/packageFormat';

/** Every intervention kind in a stable order (legend order). */
export const KIND_ORDER: readonly InterventionKind[] = InterventionKind.options;

/** Light warm grey ground: the intervention colours are dark enough to read on it. */
export const MAP_BACKGROUND = '#f4f3ef';

/**
 * Existing buildings: a muted warm grey, deliberately low-contrast so interventions stand out.
 * Lit and drawn at 0.9 opacity, roofs render as about #d4cec4 and walls as #8f8b84 / #676560
 * (Chromium, SwiftShader): end-to-end tests count roof pixels to prove buildings are drawn.
 */
export const BUILDING_COLOR = '#c9c3b8';

/** Label text and halo: 15:1 text contrast against the halo. */
export const LABEL_TEXT_COLOR = '#1a1a1a';
export const LABEL_HALO_COLOR = '#ffffff';

/**
 * How one kind is drawn. `dash` is a MapLibre line-dasharray in line widths; [1, 0] draws a
 * solid line (a data-driven dash array needs an array for every feature).
 */
export type KindStyle = { color: string; dash: readonly number[] };

export const KIND_STYLES: Readonly<Record<InterventionKind, KindStyle>> = {
  park: { color: '#38965f', dash: [1, 0] },
  water: { color: '#398daa', dash: [5, 2] },
  trees: { color: '#2e6e54', dash: [1, 1.5] },
  housing: { color: '#9e1908', dash: [1, 0] },
  'speed-zone': { color: '#763a8b', dash: [3, 1, 1, 1] },
  'car-free': { color: '#c25d00', dash: [8, 2] },
  'bike-route': { color: '#621a21', dash: [2, 2] },
  parking: { color: '#373948', dash: [4, 1, 1, 1, 1, 1] },
};

/** Colour of an intervention kind. */
export function kindColor(kind: InterventionKind): string {
  return KIND_STYLES[kind].color;
}
