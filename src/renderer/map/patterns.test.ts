// The fill patterns are pixels made in code: each kind's must be visible but not solid (so the
// colour underneath still shows), in the kind's own colour only, and different from every other
// kind's (shape is a cue of its own, not colour alone).
import { describe, expect, it } from 'vitest';
import { KIND_STYLES } from './palette';
import { PATTERNED_KINDS, PATTERN_SIZE, inkedShare, patternImage, patternName } from './patterns';

describe('fill patterns', () => {
  it.each(PATTERNED_KINDS)('draws %s as a visible, open texture in its own colour', (kind) => {
    const image = patternImage(kind);
    expect([image.width, image.height, image.data.length]).toEqual([PATTERN_SIZE, PATTERN_SIZE, PATTERN_SIZE * PATTERN_SIZE * 4]);
    expect(inkedShare(image)).toBeGreaterThan(0.05);
    expect(inkedShare(image)).toBeLessThan(0.6);
    const colour = KIND_STYLES[kind].color.toLowerCase();
    for (let i = 0; i < image.data.length; i += 4) {
      if (image.data[i + 3] === 0) continue;
      const hex = `#${[image.data[i], image.data[i + 1], image.data[i + 2]].map((v) => (v ?? 0).toString(16).padStart(2, '0')).join('')}`;
      expect(hex).toBe(colour);
    }
  });

  it('gives every kind a texture of its own and a name of its own', () => {
    const masks = PATTERNED_KINDS.map((kind) => [...patternImage(kind).data].filter((_, i) => i % 4 === 3).join(''));
    expect(new Set(masks).size).toBe(PATTERNED_KINDS.length);
    expect(new Set(PATTERNED_KINDS.map(patternName)).size).toBe(PATTERNED_KINDS.length);
  });
});
