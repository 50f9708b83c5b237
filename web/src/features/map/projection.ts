/**
 * Equirectangular projection around the map's centre latitude: x is
 * longitude shrunk by cos(centre latitude), y is latitude. Over a district a
 * few kilometres across this distorts distances by well under 1%, it is
 * linear in lon and lat (so a lon/lat background image lines up by simple
 * stretching), and it inverts exactly, which a tap-to-place-a-point needs.
 */
import type { Boundary } from '../../../../src/lib/geo';
import type { LonLat } from '../cases/types';

export interface Bounds {
  west: number;
  south: number;
  east: number;
  north: number;
}

export interface Projection {
  /** The SVG viewBox size; the drawing scales to its container. */
  width: number;
  height: number;
  bounds: Bounds;
  project(point: LonLat): [x: number, y: number];
  unproject(x: number, y: number): LonLat;
}

/** The smallest box around every position of every boundary; null when there are none. */
export function boundsOf(boundaries: readonly Boundary[]): Bounds | null {
  let bounds: Bounds | null = null;
  for (const boundary of boundaries) {
    const rings = boundary.type === 'Polygon' ? boundary.coordinates : boundary.coordinates.flat();
    for (const [lon, lat] of rings.flat()) {
      bounds = bounds
        ? { west: Math.min(bounds.west, lon), south: Math.min(bounds.south, lat), east: Math.max(bounds.east, lon), north: Math.max(bounds.north, lat) }
        : { west: lon, south: lat, east: lon, north: lat };
    }
  }
  return bounds;
}

// A box with no extent (one point) still gets a drawable size: about 100 m.
const MIN_SPAN_DEGREES = 0.001;

/** Fits the bounds into a drawing `width` units wide with `padding` around it. */
export function fitProjection(bounds: Bounds, width = 1000, padding = 12): Projection {
  const centreLat = (bounds.south + bounds.north) / 2;
  const shrink = Math.cos((centreLat * Math.PI) / 180);
  const spanX = Math.max(bounds.east - bounds.west, MIN_SPAN_DEGREES) * shrink;
  const spanY = Math.max(bounds.north - bounds.south, MIN_SPAN_DEGREES);
  const scale = (width - 2 * padding) / spanX;
  return {
    width,
    height: Math.round(spanY * scale + 2 * padding),
    bounds,
    project: ({ lon, lat }) => [padding + (lon - bounds.west) * shrink * scale, padding + (bounds.north - lat) * scale],
    unproject: (x, y) => ({ lon: bounds.west + (x - padding) / (shrink * scale), lat: bounds.north - (y - padding) / scale }),
  };
}

/** An SVG path for a boundary (outer rings and holes; even-odd fill leaves the holes open). */
export function boundaryPath(boundary: Boundary, projection: Projection): string {
  const polygons = boundary.type === 'Polygon' ? [boundary.coordinates] : boundary.coordinates;
  return polygons
    .flat()
    .map(
      (ring) =>
        ring
          .map(([lon, lat], index) => {
            const [x, y] = projection.project({ lon, lat });
            return `${index === 0 ? 'M' : 'L'}${x.toFixed(1)},${y.toFixed(1)}`;
          })
          .join('') + 'Z',
    )
    .join('');
}
