/**
 * The jurisdiction polygons a map draws, in one request per source: a staff
 * member's subtree (GET /jurisdiction-boundaries, scope-checked), or the whole
 * city a place lies in (GET /city-boundaries, public: a resident may report
 * anywhere in the city). Kept for the page's lifetime: boundaries change rarely.
 */
import { api } from '../../api';
import { isBoundary, type Boundary } from '../../../../src/lib/geo';
import { useRequest } from '../../hooks/useRequest';
import type { JurisdictionLevel } from '../org/types';

export interface MapArea {
  code: string;
  name: string;
  parentCode: string | null;
  level: JurisdictionLevel;
  boundary: Boundary;
}

export type AreaSource =
  /** `root` (default: the caller's own jurisdiction) and the areas down to `levelsBelow` levels under it. */
  | { kind: 'scope'; root?: string; levelsBelow: number }
  /** The city `of` lies in, down to `levelsBelow` levels under the city. */
  | { kind: 'city'; of: string; levelsBelow: number };

type AreaRow = Omit<MapArea, 'boundary'> & { boundary: unknown };

const loaded = new Map<string, Promise<MapArea[]>>();
const keyOf = (source: AreaSource) => JSON.stringify(source);

function load(source: AreaSource): Promise<MapArea[]> {
  const key = keyOf(source);
  let found = loaded.get(key);
  if (!found) {
    const request =
      source.kind === 'scope'
        ? api<{ items: AreaRow[] }>('/jurisdiction-boundaries', { query: { root: source.root, levelsBelow: source.levelsBelow } })
        : api<{ items: AreaRow[] }>('/city-boundaries', { query: { of: source.of, levelsBelow: source.levelsBelow } });
    found = request.then((body) => body.items.filter((area): area is MapArea => isBoundary(area.boundary)));
    found.catch(() => loaded.delete(key));
    loaded.set(key, found);
  }
  return found;
}

/** The areas of every source, each once. */
async function loadAll(sources: readonly AreaSource[]): Promise<MapArea[]> {
  const byCode = new Map<string, MapArea>();
  for (const areas of await Promise.all(sources.map(load))) for (const area of areas) byCode.set(area.code, area);
  return [...byCode.values()];
}

export function useMapAreas(sources: readonly AreaSource[]) {
  return useRequest(() => loadAll(sources), [sources.map(keyOf).join('|')]);
}
