import proj4 from 'proj4';
import { describe, expect, it } from 'vitest';
import { ValidationError } from './errors';
import { distanceM } from './geo';
import { RD_NEW_PROJ4, rdToWgs84 } from './rd';

describe('rdToWgs84', () => {
  it('puts the first Delfshaven vertex at 4.4486317 E, 51.9037167 N (the PROJ 9 result)', () => {
    const [lon, lat] = rdToWgs84([90409.32, 435440.44]);
    expect(lon).toBeCloseTo(4.4486317, 7);
    expect(lat).toBeCloseTo(51.9037167, 7);
  });

  it('puts the RD origin near Amersfoort at 52.15517 N, 5.38721 E', () => {
    const [lon, lat] = rdToWgs84([155000, 463000]);
    expect(lon).toBeCloseTo(5.38721, 4);
    expect(lat).toBeCloseTo(52.15517, 4);
  });

  it('keeps distances: 1000 m along RD x is 1000 m on the ground within 0.1%', () => {
    const a = rdToWgs84([90500, 435500]);
    const b = rdToWgs84([91500, 435500]);
    expect(distanceM(a, b)).toBeGreaterThan(999);
    expect(distanceM(a, b)).toBeLessThan(1001);
  });

  it('differs by more than 100 m from the often-copied definition with wrong rotations', () => {
    const wrong = RD_NEW_PROJ4.replace('+towgs84=565.417,50.3319,465.552,-0.398957,0.343988,-1.8774,4.0725', '+towgs84=565.4171,50.3319,465.5524,1.9342,-1.6677,9.1019,4.0725');
    expect(wrong).not.toBe(RD_NEW_PROJ4);
    const ours = rdToWgs84([90409.32, 435440.44]);
    const theirs = proj4(wrong, 'WGS84').forward([90409.32, 435440.44]);
    expect(distanceM(ours, theirs)).toBeGreaterThan(100);
  });

  it('rejects a coordinate that is not a finite number', () => {
    expect(() => rdToWgs84([Number.NaN, 435440])).toThrow(ValidationError);
    expect(() => rdToWgs84([90409, Number.POSITIVE_INFINITY])).toThrow(/not finite/);
  });
});
