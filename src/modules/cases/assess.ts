// Assessment over HTTP: the rates per unit, street or community for a period,
// and each month's top problems per area, over the cases the caller may see.
import { authorize, type RequestContext } from '../../kernel/access/access.js';
import { errors } from '../../kernel/errors.js';
import type { AppDeps } from '../../app-deps.js';
import { findDepartment, jurisdictionsByCodes } from '../org/service.js';
import * as facts from './assessment-repo.js';
import { assessGroups, assessOverall, METRIC_DEFINITIONS, topProblems, type GroupBy } from './assessment.js';
import { visibleIn } from './case-repo.js';
import { loadSettings } from './case-settings.js';
import { FALLBACK_CALENDAR } from './calendars.js';

type Deps = Pick<AppDeps, 'db' | 'clock'>;

export async function assessCases(deps: Deps, ctx: RequestContext, query: { from: Date; to: Date; groupBy: GroupBy }) {
  const scope = await authorize(deps, ctx, { permission: 'case.assess', action: 'case.assess' });
  if (query.to <= query.from) throw errors.validation([{ path: 'to', message: 'must be after from' }]);
  const settings = await loadSettings(deps.db);
  const gathered = await facts.assessmentFacts(deps.db, visibleIn(scope), query);
  const groups = assessGroups(gathered, {
    groupBy: query.groupBy,
    asOf: deps.clock.now(),
    weights: settings.assessmentWeights,
    minCasesToRank: settings.minCasesToRank,
  });
  const names = await groupNames(deps, query.groupBy, groups.map((g) => g.key), gathered.unitNames);
  return {
    period: { from: query.from.toISOString(), to: query.to.toISOString() },
    groupBy: query.groupBy,
    weights: settings.assessmentWeights,
    minCasesToRank: settings.minCasesToRank,
    definitions: METRIC_DEFINITIONS,
    overall: assessOverall(gathered, { asOf: deps.clock.now(), weights: settings.assessmentWeights }),
    groups: groups.map((g) => ({ ...g, name: names.get(g.key) ?? g.key })),
  };
}

/** 每月一题: the most frequent problems of a month in each street or community, with how often they needed a whistle. */
export async function monthlyTopProblems(deps: Deps, ctx: RequestContext, query: { month: string; groupBy: 'street' | 'community'; limit: number }) {
  const scope = await authorize(deps, ctx, { permission: 'case.assess', action: 'case.top_problems' });
  // Months are civil months of the city (China: one offset everywhere).
  const offset = FALLBACK_CALENDAR.utcOffsetMinutes * 60_000;
  const [year, month] = query.month.split('-').map(Number);
  const period = { from: new Date(Date.UTC(year, month - 1, 1) - offset), to: new Date(Date.UTC(year, month, 1) - offset) };
  const where = visibleIn(scope);
  const [gathered, whistled] = await Promise.all([facts.assessmentFacts(deps.db, where, period), facts.whistledCasesByCategory(deps.db, where, period)]);
  const byArea = new Map<string, typeof gathered.cases>();
  for (const c of gathered.cases) {
    const area = query.groupBy === 'street' ? c.streetCode : c.communityCode;
    if (area) byArea.set(area, [...(byArea.get(area) ?? []), c]);
  }
  const names = await groupNames(deps, query.groupBy, [...byArea.keys()], new Map());
  return {
    month: query.month,
    groupBy: query.groupBy,
    areas: [...byArea.entries()]
      .map(([code, cases]) => ({ code, name: names.get(code) ?? code, cases: cases.length, problems: topProblems(cases, query.limit) }))
      .sort((a, b) => b.cases - a.cases || a.code.localeCompare(b.code)),
    whistledByCategory: whistled.map((w) => ({ categoryCode: w.category_code, cases: Number(w.cases) })),
  };
}

async function groupNames(deps: Deps, groupBy: GroupBy, keys: string[], unitNames: Map<string, string>): Promise<Map<string, string>> {
  if (groupBy !== 'unit') return new Map((await jurisdictionsByCodes(deps.db, keys)).map((j) => [j.code, j.name]));
  const names = new Map(unitNames);
  for (const key of keys.filter((k) => !names.has(k) && k.startsWith('department:'))) {
    const department = await findDepartment(deps.db, key.slice('department:'.length));
    if (department) names.set(key, department.name);
  }
  return names;
}
