// Minimal types for vt-pbf 3.1.3 (CommonJS, ships no types): only what scripts/lib/tiles.ts
// calls. Its input is geojson-vt's tile shape, declared here structurally.
declare module 'vt-pbf' {
  type GeojsonVtFeature = {
    id?: number | string;
    type: 1 | 2 | 3;
    geometry: [number, number][] | [number, number][][];
    tags: Record<string, unknown> | null;
  };
  type GeojsonVtTile = { features: readonly GeojsonVtFeature[] };
  type EncodeOptions = { version?: 1 | 2; extent?: number };
  const vtpbf: {
    /** Encodes geojson-vt tiles, one per MVT layer name, as one uncompressed MVT protobuf. */
    fromGeojsonVt(layers: Record<string, GeojsonVtTile>, options?: EncodeOptions): Uint8Array;
  };
  export = vtpbf;
}
