// Which statistical definition versions a report uses: for a new report, the
// versions in force on its reference date; for a report generated earlier,
// exactly the versions it cites, whatever has been declared since.
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { AppError } from '../../kernel/errors.js';
import type { MetricDefinition } from './definition.js';
import * as repo from './metric-repo.js';
import type { ResolvedMetric } from './report-plan.js';
import type { CitedVersion } from './report-repo.js';
import { metricsOf, type Layout } from './template.js';

function resolved(row: repo.VersionRow): ResolvedMetric {
  return {
    code: row.metric_code,
    version: row.version,
    versionId: row.id,
    validFrom: row.valid_from,
    name: row.name,
    fingerprint: row.fingerprint,
    definition: row.definition as MetricDefinition,
  };
}

export async function versionsInForce(db: Kysely<DB>, layout: Layout, referenceDate: string): Promise<Map<string, ResolvedMetric>> {
  const out = new Map<string, ResolvedMetric>();
  const resolve = async (codes: string[]) => {
    const rows = await repo.versionsInForce(db, codes, referenceDate);
    for (const row of rows) out.set(row.metric_code, resolved(row));
    const missing = codes.filter((c) => !out.has(c));
    if (missing.length) {
      throw new AppError('metric.not_in_force', `No version of ${missing.join(', ')} is in force on ${referenceDate}`, 422, { metrics: missing, referenceDate });
    }
  };
  await resolve(metricsOf(layout));
  const parts = [...out.values()].flatMap((m) => (m.definition.kind === 'ratio' ? [m.definition.numerator, m.definition.denominator] : []));
  const unresolved = [...new Set(parts)].filter((c) => !out.has(c));
  if (unresolved.length) await resolve(unresolved);
  return out;
}

export async function citedVersions(db: Kysely<DB>, cited: readonly CitedVersion[]): Promise<Map<string, ResolvedMetric>> {
  const rows = await repo.versionsByIds(db, cited.map((c) => c.versionId));
  return new Map(rows.map((row) => [row.metric_code, resolved(row)]));
}

export function cite(metrics: ReadonlyMap<string, ResolvedMetric>): CitedVersion[] {
  return [...metrics.values()]
    .map((m) => ({ code: m.code, version: m.version, versionId: m.versionId, validFrom: m.validFrom, name: m.name, fingerprint: m.fingerprint }))
    .sort((a, b) => a.code.localeCompare(b.code));
}
