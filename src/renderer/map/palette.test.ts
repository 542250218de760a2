// Proves the palette's claims: 3:1 non-text contrast against the map background (WCAG 2.1
// SC 1.4.11) and kinds that stay apart for normal vision, deuteranopia and protanopia.
import { describe, expect, it } from 'vitest';
import { InterventionKind } from '../../shared/packageFormat';
import { BUILDING_COLOR, KIND_ORDER, KIND_STYLES, LABEL_HALO_COLOR, LABEL_TEXT_COLOR, MAP_BACKGROUND } from './palette';

type Rgb = [number, number, number];

function hexToRgb(hex: string): Rgb {
  const match = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!match) throw new Error(`not a #rrggbb colour: ${hex}`);
  return [Number.parseInt(match[1] ?? '', 16) / 255, Number.parseInt(match[2] ?? '', 16) / 255, Number.parseInt(match[3] ?? '', 16) / 255];
}

const toLinear = (c: number) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);

function luminance(hex: string): number {
  const [r, g, b] = hexToRgb(hex).map(toLinear) as Rgb;
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG 2.1 contrast ratio. */
function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

// Machado, Oliveira & Fernandes (2009), severity 1.0, applied to linear RGB.
const SIMULATIONS: Record<'normal' | 'deuteranopia' | 'protanopia', readonly Rgb[] | null> = {
  normal: null,
  deuteranopia: [
    [0.367322, 0.860646, -0.227968],
    [0.280085, 0.672501, 0.047413],
    [-0.01182, 0.04294, 0.968881],
  ],
  protanopia: [
    [0.152286, 1.052583, -0.204868],
    [0.114503, 0.786281, 0.099216],
    [-0.003882, -0.048116, 1.051998],
  ],
};

function toLab(hex: string, matrix: readonly Rgb[] | null): Rgb {
  let rgb = hexToRgb(hex).map(toLinear) as Rgb;
  if (matrix) rgb = matrix.map((row) => Math.min(1, Math.max(0, row[0] * rgb[0] + row[1] * rgb[1] + row[2] * rgb[2]))) as Rgb;
  const [r, g, b] = rgb;
  const x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047;
  const y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  const z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883;
  const f = (t: number) => (t > 216 / 24389 ? Math.cbrt(t) : ((24389 / 27) * t + 16) / 116);
  return [116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))];
}

/** CIEDE2000 colour difference (Sharma, Wu & Dalal 2005). */
function deltaE2000([l1, a1, b1]: Rgb, [l2, a2, b2]: Rgb): number {
  const rad = Math.PI / 180;
  const cBar = (Math.hypot(a1, b1) + Math.hypot(a2, b2)) / 2;
  const g = 0.5 * (1 - Math.sqrt(cBar ** 7 / (cBar ** 7 + 25 ** 7)));
  const a1p = (1 + g) * a1;
  const a2p = (1 + g) * a2;
  const c1p = Math.hypot(a1p, b1);
  const c2p = Math.hypot(a2p, b2);
  const hue = (b: number, a: number) => (a === 0 && b === 0 ? 0 : (Math.atan2(b, a) / rad + 360) % 360);
  const h1p = hue(b1, a1p);
  const h2p = hue(b2, a2p);
  let dh = 0;
  if (c1p * c2p !== 0) {
    dh = h2p - h1p;
    if (dh > 180) dh -= 360;
    else if (dh < -180) dh += 360;
  }
  const dL = l2 - l1;
  const dC = c2p - c1p;
  const dH = 2 * Math.sqrt(c1p * c2p) * Math.sin((dh * rad) / 2);
  const lBar = (l1 + l2) / 2;
  const cBarP = (c1p + c2p) / 2;
  let hBar = h1p + h2p;
  if (c1p * c2p !== 0) hBar = Math.abs(h1p - h2p) > 180 ? (h1p + h2p + (h1p + h2p < 360 ? 360 : -360)) / 2 : (h1p + h2p) / 2;
  const t = 1 - 0.17 * Math.cos((hBar - 30) * rad) + 0.24 * Math.cos(2 * hBar * rad) + 0.32 * Math.cos((3 * hBar + 6) * rad) - 0.2 * Math.cos((4 * hBar - 63) * rad);
  const dTheta = 30 * Math.exp(-(((hBar - 275) / 25) ** 2));
  const rc = 2 * Math.sqrt(cBarP ** 7 / (cBarP ** 7 + 25 ** 7));
  const sl = 1 + (0.015 * (lBar - 50) ** 2) / Math.sqrt(20 + (lBar - 50) ** 2);
  const sc = 1 + 0.045 * cBarP;
  const sh = 1 + 0.015 * cBarP * t;
  const rt = -Math.sin(2 * dTheta * rad) * rc;
  return Math.sqrt((dL / sl) ** 2 + (dC / sc) ** 2 + (dH / sh) ** 2 + rt * (dC / sc) * (dH / sh));
}

describe('palette', () => {
  it('gives every intervention kind a colour and a dash pattern', () => {
    expect([...KIND_ORDER].sort()).toEqual([...InterventionKind.options].sort());
    for (const kind of InterventionKind.options) {
      expect(KIND_STYLES[kind].color, kind).toMatch(/^#[0-9a-f]{6}$/);
      expect(KIND_STYLES[kind].dash.length, kind).toBeGreaterThanOrEqual(2);
    }
  });

  it('checks contrast the WCAG way (black on white is 21:1)', () => {
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5);
  });

  it('reproduces a published CIEDE2000 value (Sharma et al. test pair 1)', () => {
    expect(deltaE2000([50, 2.6772, -79.7751], [50, 0, -82.7485])).toBeCloseTo(2.0425, 3);
  });

  it.each(KIND_ORDER)('draws %s with at least 3:1 contrast against the map background', (kind) => {
    expect(contrast(KIND_STYLES[kind].color, MAP_BACKGROUND)).toBeGreaterThanOrEqual(3);
  });

  it.each(Object.keys(SIMULATIONS) as (keyof typeof SIMULATIONS)[])('keeps every pair of kinds at least 14 ΔE2000 apart (%s)', (vision) => {
    const matrix = SIMULATIONS[vision];
    for (const [i, a] of KIND_ORDER.entries()) {
      for (const b of KIND_ORDER.slice(i + 1)) {
        const difference = deltaE2000(toLab(KIND_STYLES[a].color, matrix), toLab(KIND_STYLES[b].color, matrix));
        expect(difference, `${a} vs ${b}`).toBeGreaterThanOrEqual(14);
      }
    }
  });

  it('gives a dash pattern per kind that no other kind uses, except solid for park and housing (extruded)', () => {
    const patterns = KIND_ORDER.filter((kind) => kind !== 'housing').map((kind) => KIND_STYLES[kind].dash.join(','));
    expect(new Set(patterns).size).toBe(patterns.length);
  });

  it('sets the buildings apart from every intervention kind', () => {
    for (const kind of KIND_ORDER) expect(deltaE2000(toLab(BUILDING_COLOR, null), toLab(KIND_STYLES[kind].color, null)), kind).toBeGreaterThan(20);
  });

  it('draws labels with at least 4.5:1 text contrast against their halo', () => {
    expect(contrast(LABEL_TEXT_COLOR, LABEL_HALO_COLOR)).toBeGreaterThanOrEqual(4.5);
  });
});
