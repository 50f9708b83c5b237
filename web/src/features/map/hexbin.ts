/**
 * Hexagonal binning of projected points (after d3-hexbin): each point goes to
 * the hexagon whose centre is nearest, so equal areas get equal chances and a
 * hotspot shows as one dark cell rather than a pile of overlapping dots.
 */

export interface HexBin<T> {
  x: number;
  y: number;
  items: T[];
}

const SQRT3 = Math.sqrt(3);

/** Bins points into pointy-top hexagons of circumradius `radius`. */
export function hexBins<T>(points: ReadonlyArray<{ x: number; y: number; item: T }>, radius: number): Array<HexBin<T>> {
  const dx = radius * SQRT3;
  const dy = radius * 1.5;
  const bins = new Map<string, HexBin<T>>();
  for (const { x, y, item } of points) {
    // Two candidate rows; the nearer of the two row-aligned centres wins.
    let row = Math.round(y / dy);
    let column = Math.round(x / dx - (row & 1) / 2);
    const rowBelow = y / dy - row;
    if (Math.abs(rowBelow) * 3 > 1) {
      const otherRow = row + (rowBelow < 0 ? -1 : 1);
      const otherColumn = Math.round(x / dx - (otherRow & 1) / 2);
      const here = (x - (column + (row & 1) / 2) * dx) ** 2 + (y - row * dy) ** 2;
      const there = (x - (otherColumn + (otherRow & 1) / 2) * dx) ** 2 + (y - otherRow * dy) ** 2;
      if (there < here) {
        row = otherRow;
        column = otherColumn;
      }
    }
    const key = `${row}:${column}`;
    let bin = bins.get(key);
    if (!bin) bins.set(key, (bin = { x: (column + (row & 1) / 2) * dx, y: row * dy, items: [] }));
    bin.items.push(item);
  }
  return [...bins.values()];
}

/** The outline of a hexagon of circumradius `radius` centred on the origin, for `<path transform=translate(…)>`. */
export function hexagonPath(radius: number): string {
  const corners = Array.from({ length: 6 }, (_, i) => {
    const angle = (Math.PI / 3) * i + Math.PI / 6;
    return `${(radius * Math.cos(angle)).toFixed(2)},${(radius * Math.sin(angle)).toFixed(2)}`;
  });
  return `M${corners.join('L')}Z`;
}

/** Light yellow to dark red (ColorBrewer YlOrRd), for counts from 1 to the busiest cell. */
export const HEAT_COLOURS = ['#ffffb2', '#fecc5c', '#fd8d3c', '#f03b20', '#bd0026'] as const;

export function heatColour(count: number, max: number): string {
  const step = Math.min(HEAT_COLOURS.length - 1, Math.floor((count / Math.max(max, 1)) * HEAT_COLOURS.length - 1e-9));
  return HEAT_COLOURS[Math.max(0, step)];
}
