// A fast path for the GeoJSON layer check (geojson.ts): one pass over the bytes that proves a
// layer valid without building it (no JSON.parse, no objects), because decoding and parsing the
// layers costs as much as writing them to IndexedDB and a package holds 100,000s of features.
// It answers only "surely valid" (true) or "not sure" (false). Whenever it is not sure (any
// error, and anything unusual: a byte-order mark, an escape in a key or type name that matters,
// a member that matters given twice, an exponent in a coordinate, an empty coordinate array,
// mixed nesting, deep nesting) the caller runs the full check, which decides and names the
// problem. So it must never return true for bytes the full check refuses: the property test in
// geojsonScan.test.ts holds it to that.
// Pure: bytes in, boolean out; no allocation per feature beyond what a rare path needs.

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const MINUS = 0x2d;
const PLUS = 0x2b;
const DOT = 0x2e;
const ZERO = 0x30;
const NINE = 0x39;

/** Thrown (one shared value, never an Error) to abandon the fast path. */
const NOT_SURE = { notSure: true } as const;

/** Members whose values the check interprets; any other member is only checked as JSON. */
const enum Key {
  Other,
  Type,
  Features,
  Geometry,
  Coordinates,
  Geometries,
}

const enum GeometryType {
  Point,
  MultiPoint,
  LineString,
  MultiLineString,
  Polygon,
  MultiPolygon,
  GeometryCollection,
}

const GEOMETRY_TYPES: readonly [string, GeometryType][] = [
  ['Point', GeometryType.Point],
  ['MultiPoint', GeometryType.MultiPoint],
  ['LineString', GeometryType.LineString],
  ['MultiLineString', GeometryType.MultiLineString],
  ['Polygon', GeometryType.Polygon],
  ['MultiPolygon', GeometryType.MultiPolygon],
  ['GeometryCollection', GeometryType.GeometryCollection],
];

const KEYS: readonly [string, Key][] = [
  ['type', Key.Type],
  ['features', Key.Features],
  ['geometry', Key.Geometry],
  ['coordinates', Key.Coordinates],
  ['geometries', Key.Geometries],
];

/** Deeper than this, the full check decides (a layer's properties are rarely nested at all). */
const MAX_DEPTH = 64;
/** More numbers than this in one position: the full check decides. */
const MAX_POSITION_NUMBERS = 16;
/** A coordinate with more integer digits than this might not be finite (1e308 has 309). */
const MAX_INTEGER_DIGITS = 300;

function asciiBytes(text: string): Uint8Array {
  return Uint8Array.from(text, (c) => c.charCodeAt(0));
}

/** Names as bytes, grouped by length: `[length] -> [name, value][]`. */
function byLength<T>(names: readonly [string, T][]): (readonly [Uint8Array, T])[][] {
  // Within one length the first letters differ (checked below), so the first letter picks the candidate.
  const table: (readonly [Uint8Array, T])[][] = [];
  for (const [name, value] of names) {
    const same = (table[name.length] ??= []);
    if (same.some(([other]) => other[0] === name.charCodeAt(0))) throw new Error(`geojsonScan: "${name}" shares its length and first letter with another name`);
    same.push([asciiBytes(name), value]);
  }
  return table;
}

const GEOMETRY_TYPE_BY_LENGTH = byLength(GEOMETRY_TYPES);
const KEY_BY_LENGTH = byLength(KEYS);
const FEATURE_BYTES = asciiBytes('Feature');
const FEATURE_COLLECTION_BYTES = asciiBytes('FeatureCollection');

/**
 * True only when `bytes` are a GeoJSON FeatureCollection that checkFeatureCollection accepts;
 * false when the full check must decide.
 */
export function isSurelyValidFeatureCollection(bytes: Uint8Array): boolean {
  const scan = new Scan(bytes);
  try {
    scan.featureCollection();
  } catch (error) {
    if (error === NOT_SURE) return false;
    // A RangeError of a deep recursion, or a bug: the full check decides.
    return false;
  }
  if (scan.nonAscii) {
    // Bytes above 0x7f appear only inside strings; they must be UTF-8, as the full check's decoder demands.
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      return false;
    }
  }
  return true;
}

class Scan {
  i = 0;
  nonAscii = false;
  /** Start and end of each number of the position read last, and of the first position of the current array of positions. */
  private readonly current = new Int32Array(MAX_POSITION_NUMBERS * 2);
  private currentCount = 0;
  private readonly first = new Int32Array(MAX_POSITION_NUMBERS * 2);
  private firstCount = 0;
  /** What coordinates() found: nesting depth above the positions, the shortest array at depths 1-3, whether every array of positions is closed. */
  private depth = 0;
  private readonly minLength = [0, 0, 0, 0];
  private closed = true;
  private stringStart = 0;
  private stringEnd = 0;
  private stringEscaped = false;

  constructor(private readonly b: Uint8Array) {}

  featureCollection(): void {
    const b = this.b;
    if (b[0] === 0xef) throw NOT_SURE; // a byte-order mark: the full check's decoder drops it
    this.ws();
    this.expect(OPEN_OBJECT);
    let typeOk = false;
    let seenType = false;
    let seenFeatures = false;
    this.ws();
    if (b[this.i] === CLOSE_OBJECT) throw NOT_SURE;
    for (;;) {
      const key = this.key();
      if (key === Key.Type) {
        if (seenType) throw NOT_SURE;
        seenType = true;
        typeOk = this.stringValueIs(FEATURE_COLLECTION_BYTES);
      } else if (key === Key.Features) {
        if (seenFeatures) throw NOT_SURE;
        seenFeatures = true;
        this.features();
      } else {
        this.value(0);
      }
      if (!this.nextMember()) break;
    }
    if (!typeOk || !seenFeatures) throw NOT_SURE;
    this.ws();
    if (this.i !== b.length) throw NOT_SURE;
  }

  private features(): void {
    const b = this.b;
    this.expect(OPEN_ARRAY);
    this.ws();
    if (b[this.i] === CLOSE_ARRAY) {
      this.i++;
      return;
    }
    for (;;) {
      this.feature();
      this.ws();
      const c = b[this.i++];
      if (c === COMMA) {
        this.ws();
        continue;
      }
      if (c === CLOSE_ARRAY) return;
      throw NOT_SURE;
    }
  }

  private feature(): void {
    this.expect(OPEN_OBJECT);
    let typeOk = false;
    let seenType = false;
    let seenGeometry = false;
    this.ws();
    if (this.b[this.i] === CLOSE_OBJECT) throw NOT_SURE;
    for (;;) {
      const key = this.key();
      if (key === Key.Type) {
        if (seenType) throw NOT_SURE;
        seenType = true;
        typeOk = this.stringValueIs(FEATURE_BYTES);
      } else if (key === Key.Geometry) {
        if (seenGeometry) throw NOT_SURE;
        seenGeometry = true;
        if (this.b[this.i] === 0x6e) this.literal('null');
        else this.geometry(0);
      } else {
        this.value(1);
      }
      if (!this.nextMember()) break;
    }
    if (!typeOk || !seenGeometry) throw NOT_SURE;
  }

  /** A geometry object at `nesting` (1 inside a GeometryCollection). */
  private geometry(nesting: number): void {
    const b = this.b;
    this.expect(OPEN_OBJECT);
    let type = -1;
    let seenType = false;
    let seenCoordinates = false;
    let seenGeometries = false;
    let depth = -1;
    let min1 = 0;
    let min2 = 0;
    let closed = true;
    this.ws();
    if (b[this.i] === CLOSE_OBJECT) throw NOT_SURE;
    for (;;) {
      const key = this.key();
      if (key === Key.Type) {
        if (seenType) throw NOT_SURE;
        seenType = true;
        type = this.geometryType();
      } else if (key === Key.Coordinates) {
        if (seenCoordinates) throw NOT_SURE;
        seenCoordinates = true;
        if (type === GeometryType.GeometryCollection) {
          this.value(2);
        } else {
          this.coordinates();
          depth = this.depth;
          min1 = this.minLength[1] as number;
          min2 = this.minLength[2] as number;
          closed = this.closed;
        }
      } else if (key === Key.Geometries) {
        if (seenGeometries) throw NOT_SURE;
        seenGeometries = true;
        if (type !== -1 && type !== GeometryType.GeometryCollection) this.value(2);
        else this.geometries(nesting + 1);
      } else {
        this.value(2);
      }
      if (!this.nextMember()) break;
    }
    switch (type) {
      case GeometryType.Point:
        if (depth !== 0) throw NOT_SURE;
        return;
      case GeometryType.MultiPoint:
        if (depth !== 1) throw NOT_SURE;
        return;
      case GeometryType.LineString:
        if (depth !== 1 || min1 < 2) throw NOT_SURE;
        return;
      case GeometryType.MultiLineString:
        if (depth !== 2 || min1 < 2) throw NOT_SURE;
        return;
      case GeometryType.Polygon:
        if (depth !== 2 || min1 < 4 || min2 < 1 || !closed) throw NOT_SURE;
        return;
      case GeometryType.MultiPolygon:
        if (depth !== 3 || min1 < 4 || min2 < 1 || !closed) throw NOT_SURE;
        return;
      case GeometryType.GeometryCollection:
        if (nesting > 0 || !seenGeometries) throw NOT_SURE;
        return;
      default:
        throw NOT_SURE;
    }
  }

  /** The `geometries` array of a GeometryCollection: every member a geometry at `nesting`. */
  private geometries(nesting: number): void {
    const b = this.b;
    this.expect(OPEN_ARRAY);
    this.ws();
    if (b[this.i] === CLOSE_ARRAY) {
      this.i++;
      return;
    }
    for (;;) {
      this.geometry(nesting);
      this.ws();
      const c = b[this.i++];
      if (c === COMMA) {
        this.ws();
        continue;
      }
      if (c === CLOSE_ARRAY) return;
      throw NOT_SURE;
    }
  }

  private geometryType(): number {
    this.string();
    if (this.stringEscaped) throw NOT_SURE;
    const type = this.lookup<GeometryType | -1>(GEOMETRY_TYPE_BY_LENGTH, -1);
    if (type === -1) throw NOT_SURE;
    return type;
  }

  /** The value of the name in `table` that the string just read spells, or `otherwise`; by length and first letter, so one comparison of bytes at most. */
  private lookup<T>(table: readonly (readonly (readonly [Uint8Array, T])[] | undefined)[], otherwise: T): T {
    const start = this.stringStart;
    const candidates = table[this.stringEnd - start];
    if (candidates === undefined) return otherwise;
    const first = this.b[start];
    for (let k = 0; k < candidates.length; k++) {
      const [name, value] = candidates[k] as readonly [Uint8Array, T];
      if (name[0] === first) return this.stringEquals(name) ? value : otherwise;
    }
    return otherwise;
  }

  /**
   * A coordinates value of uniform nesting: sets depth (0 for a position), the shortest array
   * at each depth and whether every array of positions starts and ends with the same position.
   */
  private coordinates(): void {
    this.minLength[1] = this.minLength[2] = this.minLength[3] = Number.MAX_SAFE_INTEGER;
    this.closed = true;
    this.depth = this.coordinateArray(0);
  }

  /** One array of the coordinates at the cursor, `level` arrays deep; returns its depth above the positions. */
  private coordinateArray(level: number): number {
    // No geometry nests positions deeper than a MultiPolygon does.
    if (level > 3) throw NOT_SURE;
    const b = this.b;
    this.expect(OPEN_ARRAY);
    this.ws();
    const c = b[this.i];
    if (c === OPEN_ARRAY) {
      let count = 0;
      let depth = -1;
      for (;;) {
        const child = this.coordinateArray(level + 1);
        if (depth === -1) {
          depth = child + 1;
          if (depth > 3) throw NOT_SURE;
          if (depth === 1) this.rememberFirstPosition();
        } else if (child + 1 !== depth) {
          throw NOT_SURE;
        }
        count++;
        this.ws();
        const next = b[this.i++];
        if (next === COMMA) {
          this.ws();
          continue;
        }
        if (next !== CLOSE_ARRAY) throw NOT_SURE;
        break;
      }
      if (count < (this.minLength[depth] as number)) this.minLength[depth] = count;
      if (depth === 1 && !this.firstEqualsCurrent()) this.closed = false;
      return depth;
    }
    // A position: two or more finite numbers.
    let count = 0;
    for (;;) {
      const start = this.i;
      this.coordinateNumber();
      if (count >= MAX_POSITION_NUMBERS) throw NOT_SURE;
      this.current[count * 2] = start;
      this.current[count * 2 + 1] = this.i;
      count++;
      this.ws();
      const next = b[this.i++];
      if (next === COMMA) {
        this.ws();
        continue;
      }
      if (next !== CLOSE_ARRAY) throw NOT_SURE;
      break;
    }
    if (count < 2) throw NOT_SURE;
    this.currentCount = count;
    return 0;
  }

  private rememberFirstPosition(): void {
    const n = this.currentCount * 2;
    for (let k = 0; k < n; k++) this.first[k] = this.current[k] as number;
    this.firstCount = this.currentCount;
  }

  /** Whether the first position of the array of positions just read equals its last, number by number. */
  private firstEqualsCurrent(): boolean {
    if (this.currentCount < this.firstCount) return false;
    const b = this.b;
    for (let k = 0; k < this.firstCount; k++) {
      const fs = this.first[k * 2] as number;
      const fe = this.first[k * 2 + 1] as number;
      const cs = this.current[k * 2] as number;
      const ce = this.current[k * 2 + 1] as number;
      let same = fe - fs === ce - cs;
      for (let j = 0; same && j < fe - fs; j++) same = b[fs + j] === b[cs + j];
      // Different text can be the same number ("1.0" and "1"): compare the values then.
      if (!same && Number(this.text(fs, fe)) !== Number(this.text(cs, ce))) return false;
    }
    return true;
  }

  private text(start: number, end: number): string {
    return String.fromCharCode(...this.b.subarray(start, end));
  }

  /** A JSON number that is surely finite: no exponent and at most MAX_INTEGER_DIGITS integer digits. */
  private coordinateNumber(): void {
    const b = this.b;
    let i = this.i;
    if (b[i] === MINUS) i++;
    const intStart = i;
    let c = b[i] as number;
    if (c === ZERO) i++;
    else if (c > ZERO && c <= NINE) {
      do i++;
      while ((c = b[i] as number) >= ZERO && c <= NINE);
    } else throw NOT_SURE;
    if (i - intStart > MAX_INTEGER_DIGITS) throw NOT_SURE;
    if (b[i] === DOT) {
      i++;
      c = b[i] as number;
      if (!(c >= ZERO && c <= NINE)) throw NOT_SURE;
      do i++;
      while ((c = b[i] as number) >= ZERO && c <= NINE);
    }
    c = b[i] as number;
    if (c === 0x65 || c === 0x45) throw NOT_SURE;
    this.i = i;
  }

  /** Any JSON number. */
  private number(): void {
    const b = this.b;
    let i = this.i;
    if (b[i] === MINUS) i++;
    let c = b[i] as number;
    if (c === ZERO) i++;
    else if (c > ZERO && c <= NINE) {
      do i++;
      while ((c = b[i] as number) >= ZERO && c <= NINE);
    } else throw NOT_SURE;
    if (b[i] === DOT) {
      i++;
      c = b[i] as number;
      if (!(c >= ZERO && c <= NINE)) throw NOT_SURE;
      do i++;
      while ((c = b[i] as number) >= ZERO && c <= NINE);
    }
    c = b[i] as number;
    if (c === 0x65 || c === 0x45) {
      i++;
      c = b[i] as number;
      if (c === PLUS || c === MINUS) i++;
      c = b[i] as number;
      if (!(c >= ZERO && c <= NINE)) throw NOT_SURE;
      do i++;
      while ((c = b[i] as number) >= ZERO && c <= NINE);
    }
    this.i = i;
  }

  /** Any JSON value, checked as JSON only. */
  private value(depth: number): void {
    if (depth > MAX_DEPTH) throw NOT_SURE;
    const b = this.b;
    const c = b[this.i];
    if (c === QUOTE) return this.string();
    if (c === OPEN_OBJECT) {
      this.i++;
      this.ws();
      if (b[this.i] === CLOSE_OBJECT) {
        this.i++;
        return;
      }
      for (;;) {
        this.ws();
        if (b[this.i] !== QUOTE) throw NOT_SURE;
        this.string();
        this.ws();
        this.expect(COLON);
        this.ws();
        this.value(depth + 1);
        this.ws();
        const next = b[this.i++];
        if (next === COMMA) continue;
        if (next === CLOSE_OBJECT) return;
        throw NOT_SURE;
      }
    }
    if (c === OPEN_ARRAY) {
      this.i++;
      this.ws();
      if (b[this.i] === CLOSE_ARRAY) {
        this.i++;
        return;
      }
      for (;;) {
        this.ws();
        this.value(depth + 1);
        this.ws();
        const next = b[this.i++];
        if (next === COMMA) continue;
        if (next === CLOSE_ARRAY) return;
        throw NOT_SURE;
      }
    }
    if (c === 0x74) return this.literal('true');
    if (c === 0x66) return this.literal('false');
    if (c === 0x6e) return this.literal('null');
    return this.number();
  }

  private literal(word: 'true' | 'false' | 'null'): void {
    const b = this.b;
    for (let k = 0; k < word.length; k++) if (b[this.i + k] !== word.charCodeAt(k)) throw NOT_SURE;
    this.i += word.length;
  }

  /** A JSON string at the cursor; remembers where its text is and whether it had escapes. */
  private string(): void {
    const b = this.b;
    let i = this.i;
    if (b[i] !== QUOTE) throw NOT_SURE;
    i++;
    this.stringStart = i;
    let escaped = false;
    for (;;) {
      const c = b[i];
      if (c === undefined || c < 0x20) throw NOT_SURE;
      if (c === QUOTE) break;
      if (c === BACKSLASH) {
        escaped = true;
        const e = b[i + 1];
        if (e === 0x75) {
          for (let k = 2; k < 6; k++) {
            const h = b[i + k] as number;
            if (!((h >= ZERO && h <= NINE) || (h >= 0x41 && h <= 0x46) || (h >= 0x61 && h <= 0x66))) throw NOT_SURE;
          }
          i += 6;
          continue;
        }
        if (e === QUOTE || e === BACKSLASH || e === 0x2f || e === 0x62 || e === 0x66 || e === 0x6e || e === 0x72 || e === 0x74) {
          i += 2;
          continue;
        }
        throw NOT_SURE;
      }
      if (c > 0x7f) this.nonAscii = true;
      i++;
    }
    this.stringEnd = i;
    this.stringEscaped = escaped;
    this.i = i + 1;
  }

  private stringEquals(expected: Uint8Array): boolean {
    if (this.stringEnd - this.stringStart !== expected.length) return false;
    for (let k = 0; k < expected.length; k++) if (this.b[this.stringStart + k] !== expected[k]) return false;
    return true;
  }

  /** A member's value that must be the string `expected`; false for any other value (checked as JSON). */
  private stringValueIs(expected: Uint8Array): boolean {
    if (this.b[this.i] !== QUOTE) {
      this.value(1);
      return false;
    }
    this.string();
    if (this.stringEscaped) throw NOT_SURE;
    return this.stringEquals(expected);
  }

  /** A member name and its colon; the cursor ends at the value. */
  private key(): Key {
    this.ws();
    this.string();
    // An escape could spell one of the names that matter: the full check decides.
    if (this.stringEscaped) throw NOT_SURE;
    const key = this.lookup(KEY_BY_LENGTH, Key.Other);
    this.ws();
    this.expect(COLON);
    this.ws();
    return key;
  }

  /** After a member: true at a comma (another member follows), false at the closing brace. */
  private nextMember(): boolean {
    this.ws();
    const c = this.b[this.i++];
    if (c === COMMA) return true;
    if (c === CLOSE_OBJECT) return false;
    throw NOT_SURE;
  }

  private expect(c: number): void {
    if (this.b[this.i] !== c) throw NOT_SURE;
    this.i++;
  }

  private ws(): void {
    const b = this.b;
    let i = this.i;
    // Compact JSON (what the packer writes) has no whitespace: one comparison in the common case.
    if ((b[i] as number) > 0x20) return;
    for (;;) {
      const c = b[i];
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) i++;
      else break;
    }
    this.i = i;
  }
}
