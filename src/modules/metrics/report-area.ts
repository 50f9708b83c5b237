// Where a report's figures come from: the jurisdiction asked for, cut down to
// what the caller's scope covers. A community user asking for a street's
// report gets its own community's row and nothing else; asking for a
// jurisdiction wholly outside the scope is refused as if it did not exist.
import type { AppDeps } from '../../app-deps.js';
import { pathWithin, requireInScope, scopeCovers, type RequestContext, type Scope } from '../../kernel/access/access.js';
import { errors } from '../../kernel/errors.js';
import { childJurisdictions, listJurisdictions } from '../org/repo.js';
import { jurisdictionsByCodes } from '../org/service.js';
import type { ReportUnit } from './report-plan.js';
import type { Layout, UnitLevel } from './template.js';

type Deps = Pick<AppDeps, 'db' | 'clock'>;

const LEVEL_RANK: Record<string, number> = { city: 1, district: 2, street: 3, community: 4, grid: 5 };

export interface ReportArea {
  jurisdiction: { code: string; name: string; level: string; path: string };
  /** One per row, for layouts with unit rows. */
  units: ReportUnit[] | null;
  /** The subtrees the figures are computed over. */
  paths: string[];
  /** The deepest path above all of them: the report is shown to callers whose scope covers it. */
  scopePath: string;
}

export async function reportArea(deps: Deps, ctx: RequestContext | null, scope: Scope | null, jurisdictionCode: string, rows: Layout['rows']): Promise<ReportArea> {
  const [jurisdiction] = await jurisdictionsByCodes(deps.db, [jurisdictionCode]);
  if (!jurisdiction) throw errors.notFound('jurisdiction', jurisdictionCode);
  const covered = (path: string) => !scope || scopeCovers(scope, path);
  const refuse = async (): Promise<never> => {
    // Audited, and answered as for a jurisdiction that does not exist.
    await requireInScope(deps, ctx!, scope!, jurisdiction.path, { type: 'jurisdiction', id: jurisdictionCode, action: 'report.generate' });
    throw errors.notFound('jurisdiction', jurisdictionCode);
  };
  const whole = covered(jurisdiction.path);
  const scopeParts = scope ? scope.paths.filter((p) => pathWithin([jurisdiction.path], p)) : [];

  if (rows.kind === 'categories') {
    const paths = whole ? [jurisdiction.path] : scopeParts;
    if (paths.length === 0) await refuse();
    return { jurisdiction, units: null, paths, scopePath: commonAncestor(paths) };
  }

  const units = await unitsOf(deps, scope, jurisdiction, rows.level);
  const visible = units.filter((u) => covered(u.path));
  if (visible.length === 0) {
    if (!whole && scopeParts.length === 0) await refuse();
    throw errors.validation([{ path: 'jurisdictionCode', message: `${jurisdiction.name} has no ${rows.level} you may report on` }]);
  }
  const paths = whole ? [jurisdiction.path] : visible.map((u) => u.path);
  return { jurisdiction, units: visible, paths, scopePath: commonAncestor(visible.map((u) => u.path)) };
}

/** The jurisdiction itself when it is at the rows' level or below it, else its descendants at that level. */
async function unitsOf(deps: Deps, scope: Scope | null, jurisdiction: { code: string; name: string; level: string; path: string }, level: UnitLevel): Promise<ReportUnit[]> {
  if (LEVEL_RANK[jurisdiction.level] >= LEVEL_RANK[level]) return [{ code: jurisdiction.code, name: jurisdiction.name, path: jurisdiction.path }];
  const under = (path: string) => path.startsWith(`${jurisdiction.path}.`);
  if (scope) {
    const rows = await listJurisdictions(deps.db, scope);
    return rows.filter((j) => j.level === level && under(j.path)).map((j) => ({ code: j.code, name: j.name, path: j.path }));
  }
  // The operator at the CLI has no scope to list by: walk down the tree.
  let frontier = [jurisdiction];
  while (frontier.length && LEVEL_RANK[frontier[0].level] < LEVEL_RANK[level]) {
    const next = [];
    for (const j of frontier) next.push(...(await childJurisdictions(deps.db, j.code)));
    frontier = next;
  }
  return frontier.filter((j) => j.level === level).sort((a, b) => a.path.localeCompare(b.path)).map((j) => ({ code: j.code, name: j.name, path: j.path }));
}

export function commonAncestor(paths: readonly string[]): string {
  const split = paths.map((p) => p.split('.'));
  const first = split[0];
  let n = 0;
  while (n < first.length && split.every((s) => s[n] === first[n])) n++;
  return first.slice(0, n).join('.');
}
