import { describe, expect, it } from 'vitest';
import { encodeIcns, encodeIco, pngSize } from './iconContainers';

/** The smallest byte sequence pngSize accepts as a PNG of the given size (signature + IHDR). */
function fakePng(size: number, filler = 0): Uint8Array {
  const bytes = new Uint8Array(33 + filler);
  bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
  const view = new DataView(bytes.buffer);
  view.setUint32(16, size);
  view.setUint32(20, size);
  return bytes;
}

describe('icon containers', () => {
  it('reads a PNG size and refuses what is not a PNG', () => {
    expect(pngSize(fakePng(48))).toEqual({ width: 48, height: 48 });
    expect(() => pngSize(new TextEncoder().encode('<svg/>'))).toThrow('not a PNG image');
  });

  it('writes an ICO directory whose entries point at the PNGs, 256 px written as 0', () => {
    const pngs = [fakePng(16, 3), fakePng(256, 5)];
    const ico = encodeIco(pngs);
    const view = new DataView(ico.buffer);
    expect([view.getUint16(0, true), view.getUint16(2, true), view.getUint16(4, true)]).toEqual([0, 1, 2]);
    expect([ico[6], ico[6 + 16]]).toEqual([16, 0]);
    const second = { size: view.getUint32(6 + 16 + 8, true), offset: view.getUint32(6 + 16 + 12, true) };
    expect(ico.subarray(second.offset, second.offset + second.size)).toEqual(pngs[1]);
    expect(ico.length).toBe(6 + 32 + 36 + 38);
  });

  it('refuses an ICO image over 256 px', () => {
    expect(() => encodeIco([fakePng(512)])).toThrow('ICO images are at most 256 px, got 512x512');
  });

  it('writes ICNS entries typed by size, with lengths that add up to the file length', () => {
    const icns = encodeIcns([fakePng(128), fakePng(1024, 7)]);
    const text = (at: number) => String.fromCharCode(...icns.subarray(at, at + 4));
    const view = new DataView(icns.buffer);
    expect(text(0)).toBe('icns');
    expect(view.getUint32(4)).toBe(icns.length);
    expect(text(8)).toBe('ic07');
    const firstLength = view.getUint32(12);
    expect(text(8 + firstLength)).toBe('ic10');
    expect(8 + firstLength + view.getUint32(8 + firstLength + 4)).toBe(icns.length);
  });

  it('refuses an ICNS image of a size it has no type for', () => {
    expect(() => encodeIcns([fakePng(100)])).toThrow('ICNS takes PNGs of 128, 256, 512 or 1024 px, got 100');
  });
});
