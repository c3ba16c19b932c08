/**
 * Plot geolocation under the EU deforestation regulation (docs/eudr.md): the
 * rules of the EU information system's "GeoJSON File Description" v1.5, as
 * pure functions with typed issues. Nothing here touches the database.
 *
 * - WGS 84, positions [longitude, latitude], each written with at least 6
 *   decimals (checked on the text: JSON parsing would turn "-75.330000" into
 *   -75.33, so the numbers' source text is scanned and kept);
 * - a plot is a Point, a Polygon or a MultiPolygon (a plot in parts);
 *   LineString is refused, as by the EU system; rings close, have no holes and
 *   do not cross themselves (@turf/kinks);
 * - a plot over 4 ha needs a polygon; a point stands for a plot of
 *   0.0001 to 4 ha (its declared area);
 * - a polygon's geodesic area (@turf/area, square metres) is within
 *   AREA_TOLERANCE_PERCENT of the declared area (1 ha = 10,000 m²);
 * - every position lies inside the producer country (a simplified outline,
 *   server/domain/peru-boundary.ts);
 * - a plot's GeoJSON is at most MAX_PLOT_GEOJSON_BYTES, a geolocation file at
 *   most MAX_GEOJSON_FILE_BYTES (the EU system's 25 MB per statement).
 */
import turfArea from '@turf/area';
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import kinks from '@turf/kinks';
import type { MultiPolygon, Point, Polygon, Position } from 'geojson';
import { PERU_OUTLINE } from './peru-boundary.js';
import { M2_PER_HECTARE } from './units.js';

/** The issue codes of a plot's geolocation, each documented in docs/eudr.md. */
export const GEO_ISSUE_CODES = [
  'INVALID_GEOJSON',
  'LINESTRING_NOT_ACCEPTED',
  'UNSUPPORTED_GEOMETRY',
  'INVALID_POSITION',
  'COORDINATE_OUT_OF_RANGE',
  'TOO_FEW_DECIMALS',
  'RING_TOO_SHORT',
  'RING_NOT_CLOSED',
  'HOLE_NOT_ALLOWED',
  'SELF_INTERSECTION',
  'POLYGON_REQUIRED',
  'POINT_AREA_OUT_OF_RANGE',
  'AREA_MISMATCH',
  'OUTSIDE_COUNTRY',
  'NO_COUNTRY_BOUNDARY',
  'GEOJSON_TOO_LARGE',
] as const;
export type GeoIssueCode = (typeof GEO_ISSUE_CODES)[number];

export interface GeoIssue {
  code: GeoIssueCode;
  message: string;
}

export const MIN_DECIMALS = 6;
/** The EU system's limit for the geolocation of one due-diligence statement. */
export const MAX_GEOJSON_FILE_BYTES = 25 * 1024 * 1024;
/** One plot's geometry: 1 MB is some 25,000 vertices, far beyond a walked boundary. */
export const MAX_PLOT_GEOJSON_BYTES = 1024 * 1024;
/** Above this a plot needs a polygon; a point stands for at most this much (EUDR art. 2(28), and the file description). */
export const POINT_MAX_AREA_M2 = 4 * M2_PER_HECTARE;
/** 0.0001 ha. */
export const POINT_MIN_AREA_M2 = 1;
/**
 * How far a polygon's geodesic area may be from the declared area, in % of
 * the declared area. Boundaries walked with a phone GPS are off by a few
 * metres all round, which on a 1 ha plot is several %; 10 % catches a
 * wrong unit (the ×10 of dividing m² by 1,000) or a wrong plot, not GPS noise.
 */
export const AREA_TOLERANCE_PERCENT = 10;

/** A plot's geometry as stored: the canonical text (numbers as written) and what was learnt checking it. */
export interface ValidPlotGeometry {
  kind: 'point' | 'polygon';
  /** Canonical GeoJSON geometry text: no whitespace, the coordinates' numbers exactly as written. */
  geojson: string;
  /** Geodesic area of the polygons, m², rounded to the m²; null for a point. */
  geodesicAreaM2: number | null;
}

export type GeoResult = { ok: true; value: ValidPlotGeometry } | { ok: false; issues: GeoIssue[] };

export interface PlotFacts {
  /** The plot's declared area, m². */
  declaredAreaM2: number;
  /** ISO 3166-1 alpha-2 of the producer country. */
  country: string;
}

const BOUNDARIES: Record<string, Polygon> = {
  PE: { type: 'Polygon', coordinates: [PERU_OUTLINE.map((p) => [p[0], p[1]])] },
};

export function countryBoundary(country: string): Polygon | null {
  return BOUNDARIES[country] ?? null;
}

/** 1 ha = 10,000 m² (not 1,000). */
export function squareMetresToHectaresNumber(m2: number): number {
  return m2 / M2_PER_HECTARE;
}

/**
 * The numbers written inside every `"coordinates": [...]` of a GeoJSON text,
 * in document order, as written. Null when the text is not shaped so that
 * this scan is unambiguous.
 */
export function coordinateTokens(text: string): string[] | null {
  const tokens: string[] = [];
  const key = /"coordinates"\s*:\s*\[/g;
  let m: RegExpExecArray | null = key.exec(text);
  while (m !== null) {
    let i = key.lastIndex;
    let depth = 1;
    const start = i;
    while (i < text.length && depth > 0) {
      const c = text[i];
      if (c === '[') depth++;
      else if (c === ']') depth--;
      else if (c === '"') return null;
      i++;
    }
    if (depth !== 0) return null;
    const body = text.slice(start, i - 1);
    for (const n of body.match(/[^\s,[\]]+/g) ?? []) tokens.push(n);
    key.lastIndex = i;
    m = key.exec(text);
  }
  return tokens;
}

const NUMBER_RE = /^-?(?:0|[1-9]\d*)(?:\.(\d+))?$/;

function decimalsOf(token: string): number | null {
  const m = NUMBER_RE.exec(token);
  if (!m) return null;
  return m[1]?.length ?? 0;
}

function byteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

type Shape =
  | { type: 'Point'; c: Position }
  | { type: 'Polygon'; c: Position[][] }
  | { type: 'MultiPolygon'; c: Position[][][] };

/** Checks the structure of a parsed geometry; positions must be arrays of two numbers. */
function shapeOf(value: unknown, issues: GeoIssue[]): Shape | null {
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    issues.push({ code: 'INVALID_GEOJSON', message: 'must be a GeoJSON geometry object' });
    return null;
  }
  const g = value as { type?: unknown; coordinates?: unknown };
  if (g.type === 'LineString' || g.type === 'MultiLineString') {
    issues.push({
      code: 'LINESTRING_NOT_ACCEPTED',
      message: `a ${g.type} is not a plot: the EU information system refuses lines; give a point or a polygon`,
    });
    return null;
  }
  if (g.type !== 'Point' && g.type !== 'Polygon' && g.type !== 'MultiPolygon') {
    issues.push({
      code: 'UNSUPPORTED_GEOMETRY',
      message: `a plot is a Point, a Polygon or a MultiPolygon, not ${typeof g.type === 'string' ? g.type : 'this'}`,
    });
    return null;
  }
  const depth = { Point: 0, Polygon: 2, MultiPolygon: 3 }[g.type];
  const ok = (v: unknown, d: number): boolean =>
    d === 0
      ? Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === 'number' && Number.isFinite(x))
      : Array.isArray(v) && v.length > 0 && v.every((x) => ok(x, d - 1));
  if (!ok(g.coordinates, depth)) {
    issues.push({
      code: 'INVALID_POSITION',
      message: `coordinates must be ${g.type === 'Point' ? 'one position' : 'non-empty rings of positions'}, each [longitude, latitude] (no altitude)`,
    });
    return null;
  }
  return { type: g.type, c: g.coordinates } as Shape;
}

function positionsOf(s: Shape): Position[] {
  if (s.type === 'Point') return [s.c];
  if (s.type === 'Polygon') return s.c.flat();
  return s.c.flat(2);
}

function polygonsOf(s: Shape): Position[][][] {
  if (s.type === 'Point') return [];
  if (s.type === 'Polygon') return [s.c];
  return s.c;
}

/** Writes a geometry back with its numbers as written (the tokens, in document order). */
function canonical(s: Shape, tokens: string[]): string {
  let k = 0;
  const write = (v: unknown): string => {
    if (typeof v === 'number') return tokens[k++]!;
    return `[${(v as unknown[]).map(write).join(',')}]`;
  };
  return `{"type":"${s.type}","coordinates":${write(s.c)}}`;
}

function fmtHa(m2: number): string {
  return `${squareMetresToHectaresNumber(m2).toFixed(4)} ha`;
}

/**
 * Validates one plot's geometry, given as GeoJSON text, against the EUDR
 * rules and the plot's declared area. Reports every problem found.
 */
export function validatePlotGeometry(text: string, facts: PlotFacts): GeoResult {
  const issues: GeoIssue[] = [];
  if (byteLength(text) > MAX_PLOT_GEOJSON_BYTES) {
    return {
      ok: false,
      issues: [
        {
          code: 'GEOJSON_TOO_LARGE',
          message: `a plot's GeoJSON may be at most ${MAX_PLOT_GEOJSON_BYTES} bytes; this one is ${byteLength(text)}`,
        },
      ],
    };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { ok: false, issues: [{ code: 'INVALID_GEOJSON', message: 'is not JSON' }] };
  }
  const shape = shapeOf(parsed, issues);
  if (!shape) return { ok: false, issues };
  const positions = positionsOf(shape);
  const tokens = coordinateTokens(text);
  if (!tokens || tokens.length !== positions.length * 2) {
    return {
      ok: false,
      issues: [{ code: 'INVALID_GEOJSON', message: 'give one geometry object with a single "coordinates" member' }],
    };
  }

  // Ranges and precision, position by position (the first offender is named).
  const outOfRange = positions.findIndex(([lon, lat]) => Math.abs(lon!) > 180 || Math.abs(lat!) > 90);
  if (outOfRange >= 0) {
    const [lon, lat] = positions[outOfRange]!;
    issues.push({
      code: 'COORDINATE_OUT_OF_RANGE',
      message: `position ${outOfRange} is [${lon}, ${lat}]: longitude must be within ±180 and latitude within ±90 (order: longitude, latitude)`,
    });
  }
  const badToken = tokens.findIndex((t) => {
    const d = decimalsOf(t);
    return d === null || d < MIN_DECIMALS;
  });
  if (badToken >= 0) {
    issues.push({
      code: 'TOO_FEW_DECIMALS',
      message: `${tokens[badToken]} has fewer than ${MIN_DECIMALS} decimals (or is not a plain decimal): the EU system needs at least ${MIN_DECIMALS}, about 10 cm`,
    });
  }

  // Rings: closed, at least 4 positions, no holes, no self-intersection.
  const polygons = polygonsOf(shape);
  let ringsOk = true;
  polygons.forEach((rings, p) => {
    const where = polygons.length > 1 ? `polygon ${p}: ` : '';
    if (rings.length > 1) {
      ringsOk = false;
      issues.push({
        code: 'HOLE_NOT_ALLOWED',
        message: `${where}has ${rings.length - 1} interior ring(s): the EU system accepts no holes; split the plot into polygons around it (a MultiPolygon)`,
      });
    }
    const ring = rings[0]!;
    if (ring.length < 4) {
      ringsOk = false;
      issues.push({
        code: 'RING_TOO_SHORT',
        message: `${where}a ring needs at least 4 positions (3 corners and the first again)`,
      });
      return;
    }
    const first = ring[0]!;
    const last = ring[ring.length - 1]!;
    if (first[0] !== last[0] || first[1] !== last[1]) {
      ringsOk = false;
      issues.push({
        code: 'RING_NOT_CLOSED',
        message: `${where}the ring is open: its last position must repeat its first, [${first[0]}, ${first[1]}]`,
      });
    }
  });
  if (ringsOk && polygons.length > 0) {
    const crossings = polygons.reduce(
      (n, rings) => n + kinks({ type: 'Polygon', coordinates: rings }).features.length,
      0,
    );
    if (crossings > 0) {
      issues.push({
        code: 'SELF_INTERSECTION',
        message: `the boundary crosses itself (${crossings} crossing point(s)), as a bow-tie does: walk the corners in order`,
      });
    }
  }

  // Area.
  let geodesicAreaM2: number | null = null;
  if (shape.type === 'Point') {
    if (facts.declaredAreaM2 > POINT_MAX_AREA_M2) {
      issues.push({
        code: 'POLYGON_REQUIRED',
        message: `the plot is declared at ${fmtHa(facts.declaredAreaM2)}: above 4 ha its geolocation must be a polygon, not a point`,
      });
    } else if (facts.declaredAreaM2 < POINT_MIN_AREA_M2) {
      issues.push({
        code: 'POINT_AREA_OUT_OF_RANGE',
        message: `a point stands for a plot of 0.0001 to 4 ha; this one is declared at ${fmtHa(facts.declaredAreaM2)}`,
      });
    }
  } else if (ringsOk && !issues.some((i) => i.code === 'SELF_INTERSECTION' || i.code === 'COORDINATE_OUT_OF_RANGE')) {
    const geometry: Polygon | MultiPolygon =
      shape.type === 'Polygon'
        ? { type: 'Polygon', coordinates: shape.c }
        : { type: 'MultiPolygon', coordinates: shape.c };
    geodesicAreaM2 = Math.round(turfArea(geometry));
    const off = Math.abs(geodesicAreaM2 - facts.declaredAreaM2);
    if (off * 100 > facts.declaredAreaM2 * AREA_TOLERANCE_PERCENT) {
      issues.push({
        code: 'AREA_MISMATCH',
        message: `the polygon measures ${fmtHa(geodesicAreaM2)} (geodesic) but the plot is declared at ${fmtHa(facts.declaredAreaM2)}: more than ${AREA_TOLERANCE_PERCENT} % apart`,
      });
    }
  }

  // Inside the producer country.
  const boundary = countryBoundary(facts.country);
  if (!boundary) {
    issues.push({
      code: 'NO_COUNTRY_BOUNDARY',
      message: `no boundary of ${facts.country} is shipped, so the plot cannot be checked to lie in it`,
    });
  } else if (outOfRange < 0) {
    const outside = positions.findIndex((p) => !booleanPointInPolygon(p, boundary));
    if (outside >= 0) {
      const [lon, lat] = positions[outside]!;
      issues.push({
        code: 'OUTSIDE_COUNTRY',
        message: `position [${lon}, ${lat}] is outside ${facts.country}: are longitude and latitude swapped? GeoJSON is [longitude, latitude]`,
      });
    }
  }

  if (issues.length > 0) return { ok: false, issues };
  return {
    ok: true,
    value: { kind: shape.type === 'Point' ? 'point' : 'polygon', geojson: canonical(shape, tokens), geodesicAreaM2 },
  };
}

/** A point from latitude and longitude given as decimal text (the import's columns, the API's fields). */
export function pointGeoJson(latitude: string, longitude: string): string {
  return `{"type":"Point","coordinates":[${longitude.trim()},${latitude.trim()}]}`;
}

/** Checks the size of a geolocation file before anything parses it. */
export function checkGeoJsonFileSize(bytes: number): GeoIssue | null {
  return bytes > MAX_GEOJSON_FILE_BYTES
    ? {
        code: 'GEOJSON_TOO_LARGE',
        message: `a geolocation file may be at most ${MAX_GEOJSON_FILE_BYTES} bytes (25 MB, the EU system's limit); this one is ${bytes}`,
      }
    : null;
}

export type { Point };
