/**
 * Plane geometry on lon/lat for placing a reported point in its grid and for
 * finding nearby cases. Boundaries are GeoJSON Polygon or MultiPolygon with
 * [longitude, latitude] positions; at the size of a district the ray-casting
 * test on raw degrees is exact enough (no projection needed).
 */

export interface Point {
  lon: number;
  lat: number;
}

type Position = [number, number] | number[];
type Ring = Position[];
export type Boundary = { type: 'Polygon'; coordinates: Ring[] } | { type: 'MultiPolygon'; coordinates: Ring[][] };

const EARTH_RADIUS_M = 6_371_008.8;

export function isBoundary(value: unknown): value is Boundary {
  if (!value || typeof value !== 'object') return false;
  const { type, coordinates } = value as { type?: unknown; coordinates?: unknown };
  return (type === 'Polygon' || type === 'MultiPolygon') && Array.isArray(coordinates);
}

/** Whether the point lies inside the boundary (holes excluded). A point on an edge may go either way. */
export function boundaryContains(boundary: Boundary, point: Point): boolean {
  const polygons = boundary.type === 'Polygon' ? [boundary.coordinates] : boundary.coordinates;
  return polygons.some(([outer, ...holes]) => outer !== undefined && ringContains(outer, point) && !holes.some((hole) => ringContains(hole, point)));
}

function ringContains(ring: Ring, { lon, lat }: Point): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Great-circle distance in metres. */
export function distanceMetres(a: Point, b: Point): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** A lon/lat box that contains every point within `metres` of `center`: a cheap index-friendly prefilter. */
export function boundingBox(center: Point, metres: number): { west: number; east: number; south: number; north: number } {
  const dLat = (metres / EARTH_RADIUS_M) * (180 / Math.PI);
  const dLon = dLat / Math.max(Math.cos((center.lat * Math.PI) / 180), 1e-6);
  return { west: center.lon - dLon, east: center.lon + dLon, south: center.lat - dLat, north: center.lat + dLat };
}
