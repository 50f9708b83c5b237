// Declaring a metric, and changing it: every change is a new statistical
// definition version valid from a day, so figures published under the old
// version stay reproducible. The answer names any metric that already
// computes the same thing, and any that shares the name but not the definition.
import type { AppDeps } from '../../app-deps.js';
import { authorize, type RequestContext, type Scope } from '../../kernel/access/access.js';
import { errors } from '../../kernel/errors.js';
import { findDepartment } from '../org/service.js';
import { tagDictionary } from '../registry/statistics.js';
import { actorName, auditReporting } from './audit.js';
import { parseDefinition, tagsNamed, type MetricDefinition, type MetricDefinitionInput } from './definition.js';
import { fingerprint, findOverlaps, type Overlap } from './fingerprint.js';
import * as repo from './metric-repo.js';
import { isIsoDay } from './reference-dates.js';

type Deps = Pick<AppDeps, 'db' | 'clock'>;

export interface VersionInput {
  name: string;
  description?: string;
  validFrom: string;
  definition: MetricDefinitionInput;
}

export interface MetricInput extends VersionInput {
  code: string;
  /** The owning department's code; department staff may only declare their own department's metrics. */
  departmentCode?: string | null;
}

export interface DefinedVersion {
  code: string;
  version: number;
  versionId: string;
  validFrom: string;
  fingerprint: string;
  /** Duplicates and conflicts this metric now takes part in. */
  overlaps: Overlap[];
}

/** `ctx` null: the operator at the CLI (the demo seed). */
export async function createMetric(deps: Deps, ctx: RequestContext | null, input: MetricInput): Promise<DefinedVersion> {
  const scope = ctx ? await authorize(deps, ctx, { permission: 'metric.define', action: 'metric.create', target: { type: 'metric', id: input.code } }) : null;
  const department = input.departmentCode ? await findDepartment(deps.db, input.departmentCode) : null;
  if (input.departmentCode && !department) throw errors.validation([{ path: 'departmentCode', message: `no department ${input.departmentCode}` }]);
  requireOwnDepartment(scope, department?.id ?? null);
  return deps.db.transaction().execute(async (trx) => {
    if (await repo.findMetric(trx, input.code)) throw errors.conflict('metric.exists', `Metric ${input.code} exists; add a version to change it`);
    await repo.insertMetric(trx, { code: input.code, department_id: department?.id ?? null, created_at: deps.clock.now(), created_by: actorName(scope) });
    const defined = await addVersion({ db: trx, clock: deps.clock }, scope, input.code, 1, input);
    await auditReporting(trx, deps.clock, ctx, scope, {
      action: 'metric.create',
      targetType: 'metric',
      targetIds: [input.code],
      details: { version: 1, validFrom: input.validFrom, fingerprint: defined.fingerprint },
    });
    return defined;
  });
}

export async function reviseMetric(deps: Deps, ctx: RequestContext | null, code: string, input: VersionInput): Promise<DefinedVersion> {
  const scope = ctx ? await authorize(deps, ctx, { permission: 'metric.define', action: 'metric.revise', target: { type: 'metric', id: code } }) : null;
  return deps.db.transaction().execute(async (trx) => {
    const metric = await repo.findMetric(trx, code);
    if (!metric) throw errors.notFound('metric', code);
    requireOwnDepartment(scope, metric.department_id);
    const [latest] = await repo.versionsOf(trx, code);
    if (input.validFrom <= latest.valid_from) {
      throw errors.validation([{ path: 'validFrom', message: `a new version must be valid from a day after ${latest.valid_from}, when version ${latest.version} began` }]);
    }
    const defined = await addVersion({ db: trx, clock: deps.clock }, scope, code, latest.version + 1, input);
    await auditReporting(trx, deps.clock, ctx, scope, {
      action: 'metric.revise',
      targetType: 'metric',
      targetIds: [code],
      details: { version: defined.version, validFrom: input.validFrom, fingerprint: defined.fingerprint, previousFingerprint: latest.fingerprint },
    });
    return defined;
  });
}

function requireOwnDepartment(scope: Scope | null, departmentId: string | null) {
  if (!scope || scope.role !== 'department_staff') return;
  if (departmentId === null || !scope.departmentIds.includes(departmentId)) {
    throw errors.denied("Department staff declare and change only their own department's metrics");
  }
}

async function addVersion(deps: Deps, scope: Scope | null, code: string, version: number, input: VersionInput): Promise<DefinedVersion> {
  if (!isIsoDay(input.validFrom)) throw errors.validation([{ path: 'validFrom', message: 'a day, YYYY-MM-DD' }]);
  const definition = parseDefinition(input.definition);
  const known = await tagDictionary(deps.db);
  const unknown = tagsNamed(definition).filter((t) => !known.has(t));
  if (unknown.length) throw errors.validation([{ path: 'definition', message: `unknown tags: ${unknown.join(', ')} (see the tag dictionary)` }]);
  const parts = await ratioParts(deps, code, definition, input.validFrom);
  const stored = await repo.insertVersion(deps.db, {
    metric_code: code,
    version,
    valid_from: input.validFrom,
    name: input.name,
    description: input.description ?? '',
    definition,
    fingerprint: fingerprint(definition, (c) => parts.get(c)!),
    created_at: deps.clock.now(),
    created_by: actorName(scope),
  });
  const summaries = (await repo.latestVersions(deps.db)).map((v) => ({ code: v.metric_code, name: v.name, fingerprint: v.fingerprint, departmentId: v.department_id }));
  const own = summaries.find((s) => s.code === code)!;
  return {
    code,
    version,
    versionId: stored.id,
    validFrom: input.validFrom,
    fingerprint: own.fingerprint,
    overlaps: findOverlaps(summaries).filter((o) => o.metrics.includes(code)),
  };
}

/**
 * A ratio's parts must be measures in force on the day the ratio's version
 * begins; their fingerprints stand for them in the ratio's own, so two ratios
 * of the same computations are duplicates whatever their parts are called.
 */
async function ratioParts(deps: Deps, code: string, definition: MetricDefinition, validFrom: string): Promise<Map<string, string>> {
  if (definition.kind !== 'ratio') return new Map();
  const codes = [definition.numerator, definition.denominator];
  if (codes.includes(code)) throw errors.validation([{ path: 'definition', message: 'a ratio cannot use itself' }]);
  const found = await repo.versionsInForce(deps.db, codes, validFrom);
  const parts = new Map<string, string>();
  for (const part of codes) {
    const version = found.find((v) => v.metric_code === part);
    if (!version) throw errors.validation([{ path: 'definition', message: `metric ${part} has no version in force on ${validFrom}` }]);
    if ((version.definition as MetricDefinition).kind === 'ratio') throw errors.validation([{ path: 'definition', message: `${part} is itself a ratio; a ratio divides two measures` }]);
    parts.set(part, version.fingerprint);
  }
  return parts;
}
