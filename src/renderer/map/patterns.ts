// Fill patterns of intervention areas, drawn in code (the app ships no image files for the map):
// each kind of area gets its own texture on top of its translucent colour, so parks, water,
// trees, zones and parking differ by shape as well as by colour (never colour alone, WCAG
// 1.4.1). Pure: RGBA pixels in typed arrays that the map controller hands to map.addImage.
// Must never use a colour that is not the kind's own (palette.ts).
import type { InterventionKind } from '../../shared/packageFormat';
import { KIND_STYLES } from './palette';

/** Width and height of every pattern tile in pixels (a power of two, as the engine prefers). */
export const PATTERN_SIZE = 16;

/** An image the map engine accepts: `data` holds width × height RGBA pixels. */
export type PatternImage = { width: number; height: number; data: Uint8Array };

/** Kinds drawn as areas with a pattern. Housing is extruded instead; lines and points get none. */
export const PATTERNED_KINDS = ['park', 'water', 'trees', 'speed-zone', 'car-free', 'parking'] as const satisfies readonly InterventionKind[];
export type PatternedKind = (typeof PATTERNED_KINDS)[number];

/** The image name of a kind's pattern in the map's style. */
export function patternName(kind: PatternedKind): string {
  return `rk-pattern-${kind}`;
}

/** Which pixels of the tile are inked, per kind: a mark that reads at a glance and tiles seamlessly. */
const INK: Readonly<Record<PatternedKind, (x: number, y: number) => boolean>> = {
  // Parks: a grid of round dots (grass, lawns).
  park: (x, y) => ((x % 8) - 3.5) ** 2 + ((y % 8) - 3.5) ** 2 <= 2.6,
  // Water: horizontal waves.
  water: (x, y) => Math.abs(((y + Math.round(1.5 * Math.sin((x / PATTERN_SIZE) * 2 * Math.PI))) % 8) - 2) < 1,
  // Trees: rings (crowns seen from above).
  trees: (x, y) => {
    const d = Math.hypot((x % 16) - 7.5, (y % 16) - 7.5);
    return d >= 3.5 && d <= 5.5;
  },
  // A speed zone: diagonal hatching.
  'speed-zone': (x, y) => (x + y) % 8 < 2,
  // Car-free: cross-hatching.
  'car-free': (x, y) => (x + y) % 8 < 2 || (x - y + 16) % 8 < 2,
  // Parking: a square grid (bays).
  parking: (x, y) => x % 8 < 2 || y % 8 < 2,
};

function hexToRgb(hex: string): [number, number, number] {
  const n = Number.parseInt(hex.replace('#', ''), 16);
  return [(n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];
}

/** The pattern tile of `kind`: inked pixels in the kind's colour, the rest transparent. */
export function patternImage(kind: PatternedKind): PatternImage {
  const [r, g, b] = hexToRgb(KIND_STYLES[kind].color);
  const data = new Uint8Array(PATTERN_SIZE * PATTERN_SIZE * 4);
  const ink = INK[kind];
  for (let y = 0; y < PATTERN_SIZE; y++) {
    for (let x = 0; x < PATTERN_SIZE; x++) {
      if (!ink(x, y)) continue;
      const i = (y * PATTERN_SIZE + x) * 4;
      data[i] = r;
      data[i + 1] = g;
      data[i + 2] = b;
      data[i + 3] = 255;
    }
  }
  return { width: PATTERN_SIZE, height: PATTERN_SIZE, data };
}

/** The share of a tile's pixels that are inked (0 to 1). */
export function inkedShare(image: PatternImage): number {
  let inked = 0;
  for (let i = 3; i < image.data.length; i += 4) if ((image.data[i] ?? 0) > 0) inked++;
  return inked / (image.width * image.height);
}
