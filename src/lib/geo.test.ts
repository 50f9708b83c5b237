import { describe, expect, it } from 'vitest';
import { boundaryContains, boundingBox, distanceMetres, isBoundary, type Boundary } from './geo.js';

const square: Boundary = {
  type: 'Polygon',
  coordinates: [
    [[120, 30], [120.01, 30], [120.01, 30.01], [120, 30.01], [120, 30]],
    // A hole in the middle.
    [[120.004, 30.004], [120.006, 30.004], [120.006, 30.006], [120.004, 30.006], [120.004, 30.004]],
  ],
};

describe('boundaryContains', () => {
  it('finds a point inside a polygon and not outside it', () => {
    expect(boundaryContains(square, { lon: 120.002, lat: 30.002 })).toBe(true);
    expect(boundaryContains(square, { lon: 120.02, lat: 30.002 })).toBe(false);
    expect(boundaryContains(square, { lon: 120.002, lat: 29.99 })).toBe(false);
  });

  it('excludes holes', () => {
    expect(boundaryContains(square, { lon: 120.005, lat: 30.005 })).toBe(false);
  });

  it('handles concave shapes and multipolygons', () => {
    // An L shape: the notch at the top right is outside.
    const ell: Boundary = { type: 'Polygon', coordinates: [[[0, 0], [2, 0], [2, 1], [1, 1], [1, 2], [0, 2], [0, 0]]] };
    expect(boundaryContains(ell, { lon: 1.5, lat: 1.5 })).toBe(false);
    expect(boundaryContains(ell, { lon: 0.5, lat: 1.5 })).toBe(true);
    const two: Boundary = { type: 'MultiPolygon', coordinates: [[[[0, 0], [1, 0], [1, 1], [0, 0]]], [[[5, 5], [6, 5], [6, 6], [5, 5]]]] };
    expect(boundaryContains(two, { lon: 5.8, lat: 5.2 })).toBe(true);
    expect(boundaryContains(two, { lon: 3, lat: 3 })).toBe(false);
  });

  it('recognises GeoJSON boundaries', () => {
    expect(isBoundary(square)).toBe(true);
    expect(isBoundary({ type: 'Point', coordinates: [1, 2] })).toBe(false);
    expect(isBoundary(null)).toBe(false);
  });
});

describe('distanceMetres and boundingBox', () => {
  it('measures short distances in metres', () => {
    // One thousandth of a degree of latitude is about 111 m everywhere.
    expect(distanceMetres({ lon: 120.1, lat: 30.25 }, { lon: 120.1, lat: 30.251 })).toBeCloseTo(111.2, 0);
    // Of longitude at 30°N, cos(30°) of that.
    expect(distanceMetres({ lon: 120.1, lat: 30.25 }, { lon: 120.101, lat: 30.25 })).toBeCloseTo(96.0, 0);
  });

  it('makes a box that holds the whole circle', () => {
    const center = { lon: 120.1, lat: 30.25 };
    const box = boundingBox(center, 100);
    for (const bearing of [0, 45, 90, 135, 180, 225, 270, 315]) {
      const r = (bearing * Math.PI) / 180;
      const p = { lon: center.lon + (Math.sin(r) * 99.9) / 96_170, lat: center.lat + (Math.cos(r) * 99.9) / 111_195 };
      expect(distanceMetres(center, p)).toBeLessThan(100);
      expect(p.lon).toBeGreaterThanOrEqual(box.west);
      expect(p.lon).toBeLessThanOrEqual(box.east);
      expect(p.lat).toBeGreaterThanOrEqual(box.south);
      expect(p.lat).toBeLessThanOrEqual(box.north);
    }
  });
});
