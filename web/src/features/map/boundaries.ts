/**
 * The jurisdiction polygons a map draws. The list route leaves boundaries
 * out, so each polygon is one GET /jurisdictions/:code; they are fetched a
 * few at a time and kept for the page's lifetime (boundaries change rarely).
 */
import { isBoundary, type Boundary } from '../../../../src/lib/geo';
import { useRequest } from '../../hooks/useRequest';
import { getJurisdiction } from '../org/api';
import type { Jurisdiction, JurisdictionLevel } from '../org/types';

export interface MapArea {
  code: string;
  name: string;
  parentCode: string | null;
  level: JurisdictionLevel;
  boundary: Boundary;
}

const LEVELS: readonly JurisdictionLevel[] = ['city', 'district', 'street', 'community', 'grid'];
const PARALLEL_REQUESTS = 6;
const areas = new Map<string, Promise<MapArea | null>>();

function loadArea(code: string): Promise<MapArea | null> {
  let found = areas.get(code);
  if (!found) {
    found = getJurisdiction(code).then((j) => (isBoundary(j.boundary) ? { code: j.code, name: j.name, parentCode: j.parentCode, level: j.level, boundary: j.boundary } : null));
    found.catch(() => areas.delete(code));
    areas.set(code, found);
  }
  return found;
}

async function loadAreas(codes: readonly string[]): Promise<MapArea[]> {
  const results: Array<MapArea | null> = new Array(codes.length).fill(null);
  let next = 0;
  const worker = async () => {
    while (next < codes.length) {
      const index = next++;
      results[index] = await loadArea(codes[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL_REQUESTS, codes.length) }, worker));
  return results.filter((area): area is MapArea => area !== null);
}

/**
 * The codes a map of `root` draws: the root and its descendants down to
 * `levelsBelow` levels (a district with its streets and communities; a
 * community with its grids).
 */
export function areaCodesUnder(root: string, items: readonly Jurisdiction[], levelsBelow = 2): string[] {
  const byCode = new Map(items.map((item) => [item.code, item]));
  const rootLevel = byCode.get(root)?.level;
  if (!rootLevel) return [];
  const deepest = LEVELS.indexOf(rootLevel) + levelsBelow;
  const within = (item: Jurisdiction) => {
    for (let at: Jurisdiction | undefined = item; at; at = at.parentCode ? byCode.get(at.parentCode) : undefined) {
      if (at.code === root) return true;
    }
    return false;
  };
  return items.filter((item) => LEVELS.indexOf(item.level) <= deepest && within(item)).map((item) => item.code);
}

export function useMapAreas(codes: readonly string[]) {
  return useRequest(() => loadAreas(codes), [codes.join(',')]);
}
