/**
 * The jurisdiction tree as department files refer to it: communities by their
 * 12-digit code or by name, and the names an address may start with, so an
 * address like 西湖区北山街道上保社区… can be placed.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../../db/schema.js';
import type { KnownPlace } from '../../../lib/addresses.js';
import { toHalfWidth } from '../../../lib/chinese-text.js';

const LEVELS: ReadonlyArray<KnownPlace['level']> = ['province', 'city', 'district', 'street', 'community', 'grid'];

export interface Place {
  code: string;
  name: string;
  level: string;
  path: string;
}

export class PlaceIndex {
  private readonly byCode: Map<string, Place>;
  private readonly byName = new Map<string, Place[]>();
  /** Names an address may start with, and their levels, for the address parser. */
  readonly knownPlaces: KnownPlace[];

  constructor(places: readonly Place[]) {
    this.byCode = new Map(places.map((p) => [p.code, p]));
    for (const place of places) this.byName.set(place.name, [...(this.byName.get(place.name) ?? []), place]);
    // A name two levels share (rare) is read as the deeper one: the parser then expects less after it, not more.
    this.knownPlaces = [...this.byName].map(([name, named]) => ({ name, level: named.map((p) => p.level as KnownPlace['level']).sort((a, b) => LEVELS.indexOf(b) - LEVELS.indexOf(a))[0] }));
  }

  /** The community a cell names, by code or name; names shared by several communities are resolved within `near` when given. */
  community(raw: string, near: string | null = null): { ok: true; place: Place } | { ok: false; reason: 'unknown' | 'ambiguous' } {
    const s = toHalfWidth(raw).trim();
    const byCode = this.byCode.get(s);
    if (byCode) return byCode.level === 'community' ? { ok: true, place: byCode } : { ok: false, reason: 'unknown' };
    let candidates = (this.byName.get(s) ?? []).filter((p) => p.level === 'community');
    if (candidates.length > 1 && near) candidates = candidates.filter((p) => p.path.startsWith(`${near}.`));
    if (candidates.length === 1) return { ok: true, place: candidates[0] };
    return { ok: false, reason: candidates.length === 0 ? 'unknown' : 'ambiguous' };
  }

  /** The most specific of the names an address started with, as a place (a street or district narrows the search). */
  mostSpecific(names: readonly string[]): Place | null {
    for (let i = names.length - 1; i >= 0; i--) {
      const matches = this.byName.get(names[i]) ?? [];
      if (matches.length === 1) return matches[0];
    }
    return null;
  }
}

/** Every jurisdiction under `rootPath` (an import's jurisdiction) and the ancestors above it. */
export async function loadPlaces(db: Kysely<DB>, rootPath: string): Promise<PlaceIndex> {
  const rows = await db
    .selectFrom('jurisdictions')
    .select(['code', 'name', 'level', 'path'])
    .where(sql<boolean>`path <@ ${rootPath}::ltree OR path @> ${rootPath}::ltree`)
    .execute();
  return new PlaceIndex(rows);
}
