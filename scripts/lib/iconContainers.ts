// The two icon container formats electron-builder needs besides PNG, written from PNG images:
// ICO (Windows; a directory of PNG-compressed images, which Windows Vista and later read) and
// ICNS (macOS; typed PNG entries 'ic07'..'ic10'). Pure: PNG bytes in, container bytes out.
// Both formats are short enough to write by hand, so no image tool with a native build is needed.

/** Width and height of a PNG from its IHDR chunk; throws when the bytes are not a PNG. */
export function pngSize(png: Uint8Array): { width: number; height: number } {
  const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (png.length < 24 || signature.some((b, i) => png[i] !== b)) throw new Error('not a PNG image');
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

/** An ICO file holding the given square PNGs (each at most 256 px). */
export function encodeIco(pngs: readonly Uint8Array[]): Uint8Array {
  const headerSize = 6 + 16 * pngs.length;
  const total = headerSize + pngs.reduce((sum, p) => sum + p.length, 0);
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  view.setUint16(0, 0, true); // reserved
  view.setUint16(2, 1, true); // type: icon
  view.setUint16(4, pngs.length, true);
  let offset = headerSize;
  pngs.forEach((png, i) => {
    const { width, height } = pngSize(png);
    if (width > 256 || height > 256) throw new Error(`ICO images are at most 256 px, got ${width}x${height}`);
    const entry = 6 + 16 * i;
    view.setUint8(entry, width === 256 ? 0 : width); // 0 means 256
    view.setUint8(entry + 1, height === 256 ? 0 : height);
    view.setUint8(entry + 2, 0); // no palette
    view.setUint8(entry + 3, 0);
    view.setUint16(entry + 4, 1, true); // colour planes
    view.setUint16(entry + 6, 32, true); // bits per pixel
    view.setUint32(entry + 8, png.length, true);
    view.setUint32(entry + 12, offset, true);
    out.set(png, offset);
    offset += png.length;
  });
  return out;
}

/** ICNS entry types for PNG images by pixel size. */
const ICNS_TYPES: Readonly<Record<number, string>> = { 128: 'ic07', 256: 'ic08', 512: 'ic09', 1024: 'ic10' };

/** An ICNS file holding the given PNGs (sizes 128, 256, 512, 1024). */
export function encodeIcns(pngs: readonly Uint8Array[]): Uint8Array {
  const entries = pngs.map((png) => {
    const { width } = pngSize(png);
    const type = ICNS_TYPES[width];
    if (!type) throw new Error(`ICNS takes PNGs of 128, 256, 512 or 1024 px, got ${width}`);
    return { type, png };
  });
  const total = 8 + entries.reduce((sum, e) => sum + 8 + e.png.length, 0);
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  const ascii = (text: string, at: number): void => {
    for (let i = 0; i < 4; i++) out[at + i] = text.charCodeAt(i);
  };
  ascii('icns', 0);
  view.setUint32(4, total);
  let offset = 8;
  for (const { type, png } of entries) {
    ascii(type, offset);
    view.setUint32(offset + 4, 8 + png.length);
    out.set(png, offset + 8);
    offset += 8 + png.length;
  }
  return out;
}
