// RD New (EPSG:28992, the Dutch national grid) to WGS84 longitude/latitude, through proj4.
// Pure: no I/O. Used at build time to reproject the Rotterdam 3D city model and anywhere a
// Dutch source gives RD metres. Never hand-roll this transform or swap in another proj4
// definition: the one below is the only one checked against PROJ 9 (`cs2cs EPSG:28992 EPSG:4326`
// gives RD (90409.32, 435440.44) -> 4.4486317 E, 51.9037167 N; rd.test.ts holds that point).
import proj4 from 'proj4';
import { ValidationError } from './errors';

/**
 * proj4 definition of EPSG:28992 that matches PROJ 9 (EPSG:4833 datum transform) exactly.
 * The often-copied variant with `+towgs84=565.4171,50.3319,465.5524,1.9342,-1.6677,9.1019,4.0725`
 * gives its rotations in the wrong unit and sign and lands about 170 m off.
 */
export const RD_NEW_PROJ4 =
  '+proj=sterea +lat_0=52.15616055555555 +lon_0=5.38763888888889 +k=0.9999079 +x_0=155000 +y_0=463000 +ellps=bessel +towgs84=565.417,50.3319,465.552,-0.398957,0.343988,-1.8774,4.0725 +units=m +no_defs';

const converter = proj4(RD_NEW_PROJ4, 'WGS84');

/** RD New [x, y] in metres to WGS84 [longitude, latitude] in degrees. */
export function rdToWgs84(xy: readonly [number, number]): [number, number] {
  const [x, y] = xy;
  if (!Number.isFinite(x) || !Number.isFinite(y)) throw new ValidationError(`RD coordinate is not finite: [${x}, ${y}]`);
  const [lon, lat] = converter.forward([x, y]);
  if (lon === undefined || lat === undefined || !Number.isFinite(lon) || !Number.isFinite(lat)) throw new ValidationError(`proj4 returned no coordinate for RD [${x}, ${y}]`);
  return [lon, lat];
}
