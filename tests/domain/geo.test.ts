/**
 * The EUDR geolocation rules (server/domain/geo.ts), one by one, on plots in
 * Peru's coffee regions. Each refusal names its code; each acceptance keeps
 * the numbers as written.
 */
import { describe, expect, it } from 'vitest';
import {
  AREA_TOLERANCE_PERCENT,
  MAX_GEOJSON_FILE_BYTES,
  checkGeoJsonFileSize,
  coordinateTokens,
  pointGeoJson,
  squareMetresToHectaresNumber,
  validatePlotGeometry,
} from '../../server/domain/geo.js';

const PE = (declaredAreaM2: number) => ({ declaredAreaM2, country: 'PE' });
const codes = (r: ReturnType<typeof validatePlotGeometry>) => (r.ok ? [] : r.issues.map((i) => i.code));

/** A square of about `side` metres near Villa Rica, Pasco (-75.27, -10.73), closed. */
function square(sideM: number, lon = -75.27, lat = -10.73) {
  const dLat = sideM / 111_320;
  const dLon = sideM / (111_320 * Math.cos((lat * Math.PI) / 180));
  const f = (x: number) => x.toFixed(7);
  const ring = [
    [lon, lat],
    [lon + dLon, lat],
    [lon + dLon, lat + dLat],
    [lon, lat + dLat],
    [lon, lat],
  ];
  return `{"type":"Polygon","coordinates":[[${ring.map(([a, b]) => `[${f(a!)},${f(b!)}]`).join(',')}]]}`;
}

describe('plot geolocation', () => {
  it('accepts a point in Junín with 6 decimals for a 1.5 ha plot, and keeps the numbers as written', () => {
    const r = validatePlotGeometry('{ "type": "Point", "coordinates": [-75.330000, -11.050000] }', PE(15_000));
    expect(r).toEqual({
      ok: true,
      value: { kind: 'point', geojson: '{"type":"Point","coordinates":[-75.330000,-11.050000]}', geodesicAreaM2: null },
    });
  });

  it('accepts a polygon of 6.25 ha whose geodesic area matches the declared area, and measures it', () => {
    const r = validatePlotGeometry(square(250), PE(62_500));
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.value.kind).toBe('polygon');
      expect(Math.abs(r.value.geodesicAreaM2! - 62_500)).toBeLessThan(62_500 * 0.01);
    }
  });

  it('converts square metres to hectares at 10,000 m² per ha (not 1,000)', () => {
    expect(squareMetresToHectaresNumber(62_500)).toBe(6.25);
    expect(squareMetresToHectaresNumber(10_000)).toBe(1);
    // A plot declared in ha from m² ÷ 1,000 would be 10 times too big: refused as AREA_MISMATCH.
    expect(codes(validatePlotGeometry(square(250), PE(625_000)))).toEqual(['AREA_MISMATCH']);
  });

  it(`refuses an area more than ${AREA_TOLERANCE_PERCENT} % off the geometry's, accepts one within`, () => {
    expect(codes(validatePlotGeometry(square(250), PE(62_500 * 1.12)))).toEqual(['AREA_MISMATCH']);
    expect(validatePlotGeometry(square(250), PE(62_500 * 1.08)).ok).toBe(true);
  });

  it('refuses latitude and longitude swapped: the point falls outside Peru', () => {
    expect(codes(validatePlotGeometry(pointGeoJson('-75.330000', '-11.050000'), PE(10_000)))).toEqual([
      'OUTSIDE_COUNTRY',
    ]);
    expect(validatePlotGeometry(pointGeoJson('-11.050000', '-75.330000'), PE(10_000)).ok).toBe(true);
  });

  it('refuses coordinates out of range', () => {
    expect(codes(validatePlotGeometry('{"type":"Point","coordinates":[-195.000000,-11.050000]}', PE(10_000)))).toEqual([
      'COORDINATE_OUT_OF_RANGE',
    ]);
  });

  it('refuses points in other countries (Ecuador, Bolivia, the Pacific)', () => {
    for (const [lon, lat] of [
      ['-78.500000', '-0.200000'],
      ['-68.150000', '-16.500000'],
      ['-82.000000', '-10.000000'],
    ]) {
      expect(codes(validatePlotGeometry(pointGeoJson(lat!, lon!), PE(10_000)))).toEqual(['OUTSIDE_COUNTRY']);
    }
  });

  it('refuses 5 decimals, and numbers in exponent form', () => {
    expect(codes(validatePlotGeometry('{"type":"Point","coordinates":[-75.33000,-11.050000]}', PE(10_000)))).toEqual([
      'TOO_FEW_DECIMALS',
    ]);
    expect(codes(validatePlotGeometry('{"type":"Point","coordinates":[-7.5330000e1,-11.050000]}', PE(10_000)))).toEqual(
      ['TOO_FEW_DECIMALS'],
    );
  });

  it('refuses a LineString and a MultiLineString', () => {
    const line = '{"type":"LineString","coordinates":[[-75.330000,-11.050000],[-75.331000,-11.051000]]}';
    expect(codes(validatePlotGeometry(line, PE(10_000)))).toEqual(['LINESTRING_NOT_ACCEPTED']);
    const multi = '{"type":"MultiLineString","coordinates":[[[-75.330000,-11.050000],[-75.331000,-11.051000]]]}';
    expect(codes(validatePlotGeometry(multi, PE(10_000)))).toEqual(['LINESTRING_NOT_ACCEPTED']);
  });

  it('refuses an open ring', () => {
    const open =
      '{"type":"Polygon","coordinates":[[[-75.270000,-10.730000],[-75.260000,-10.730000],[-75.260000,-10.720000],[-75.270000,-10.720000]]]}';
    expect(codes(validatePlotGeometry(open, PE(1_200_000)))).toEqual(['RING_NOT_CLOSED']);
  });

  it('refuses a ring of fewer than 4 positions', () => {
    const short =
      '{"type":"Polygon","coordinates":[[[-75.270000,-10.730000],[-75.260000,-10.730000],[-75.270000,-10.730000]]]}';
    expect(codes(validatePlotGeometry(short, PE(50_000)))).toEqual(['RING_TOO_SHORT']);
  });

  it('refuses a polygon with a hole', () => {
    const holed =
      '{"type":"Polygon","coordinates":[[[-75.270000,-10.730000],[-75.260000,-10.730000],[-75.260000,-10.720000],[-75.270000,-10.720000],[-75.270000,-10.730000]],' +
      '[[-75.268000,-10.728000],[-75.268000,-10.726000],[-75.266000,-10.726000],[-75.266000,-10.728000],[-75.268000,-10.728000]]]}';
    expect(codes(validatePlotGeometry(holed, PE(1_200_000)))).toEqual(['HOLE_NOT_ALLOWED']);
  });

  it('refuses a bow-tie (self-intersecting) polygon', () => {
    const bowTie =
      '{"type":"Polygon","coordinates":[[[-75.270000,-10.730000],[-75.260000,-10.720000],[-75.260000,-10.730000],[-75.270000,-10.720000],[-75.270000,-10.730000]]]}';
    expect(codes(validatePlotGeometry(bowTie, PE(600_000)))).toEqual(['SELF_INTERSECTION']);
  });

  it('refuses a point for a plot declared at 6 ha: above 4 ha a polygon is required', () => {
    expect(codes(validatePlotGeometry(pointGeoJson('-11.050000', '-75.330000'), PE(60_000)))).toEqual([
      'POLYGON_REQUIRED',
    ]);
    expect(validatePlotGeometry(pointGeoJson('-11.050000', '-75.330000'), PE(40_000)).ok).toBe(true);
  });

  it('refuses a point for a plot under 0.0001 ha', () => {
    expect(codes(validatePlotGeometry(pointGeoJson('-11.050000', '-75.330000'), PE(0)))).toEqual([
      'POINT_AREA_OUT_OF_RANGE',
    ]);
    expect(validatePlotGeometry(pointGeoJson('-11.050000', '-75.330000'), PE(1)).ok).toBe(true);
  });

  it('accepts a MultiPolygon (a plot split around what it may not enclose) and sums its parts', () => {
    const a = JSON.parse(square(100)).coordinates;
    const b = JSON.parse(square(100, -75.26)).coordinates;
    const text = JSON.stringify({ type: 'MultiPolygon', coordinates: [a, b] }).replace(/(-?\d+\.\d+)/g, (n) =>
      Number(n).toFixed(7),
    );
    const r = validatePlotGeometry(text, PE(20_000));
    expect(r.ok).toBe(true);
  });

  it('refuses what is not a plot geometry: other types, altitude, a Feature, not JSON', () => {
    expect(codes(validatePlotGeometry('{"type":"MultiPoint","coordinates":[[-75.330000,-11.050000]]}', PE(1)))).toEqual(
      ['UNSUPPORTED_GEOMETRY'],
    );
    expect(
      codes(validatePlotGeometry('{"type":"Point","coordinates":[-75.330000,-11.050000,1200.000000]}', PE(1))),
    ).toEqual(['INVALID_POSITION']);
    expect(codes(validatePlotGeometry('not json', PE(1)))).toEqual(['INVALID_GEOJSON']);
    expect(codes(validatePlotGeometry('[1,2]', PE(1)))).toEqual(['INVALID_GEOJSON']);
  });

  it('refuses a GeoJSON of 30 MB before parsing it, as a plot and as a file', () => {
    const big = `{"type":"Point","coordinates":[-75.330000,-11.050000],"pad":"${'x'.repeat(30 * 1024 * 1024)}"}`;
    expect(codes(validatePlotGeometry(big, PE(1)))).toEqual(['GEOJSON_TOO_LARGE']);
    expect(checkGeoJsonFileSize(Buffer.byteLength(big))?.code).toBe('GEOJSON_TOO_LARGE');
    expect(checkGeoJsonFileSize(MAX_GEOJSON_FILE_BYTES)).toBeNull();
  });

  it('reports several problems at once', () => {
    const bad =
      '{"type":"Polygon","coordinates":[[[-11.27000,-75.73000],[-11.26000,-75.73000],[-11.26000,-75.72000],[-11.27000,-75.72000]]]}';
    expect(codes(validatePlotGeometry(bad, PE(100_000)))).toEqual([
      'TOO_FEW_DECIMALS',
      'RING_NOT_CLOSED',
      'OUTSIDE_COUNTRY',
    ]);
  });

  it('refuses a country whose boundary is not shipped', () => {
    expect(
      codes(validatePlotGeometry(pointGeoJson('4.600000', '-74.080000'), { declaredAreaM2: 1, country: 'CO' })),
    ).toEqual(['NO_COUNTRY_BOUNDARY']);
  });

  it('scans coordinate numbers as written, in document order', () => {
    expect(coordinateTokens('{"type":"Point","coordinates":[ -75.330000 , -11.05 ]}')).toEqual([
      '-75.330000',
      '-11.05',
    ]);
    expect(coordinateTokens('{"coordinates":["x"]}')).toBeNull();
  });
});
