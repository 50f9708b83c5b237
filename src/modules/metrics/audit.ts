// Audit entries for changes to statistical definitions, report templates,
// generated reports and fill-in answers. Reads of personal data (drill-down)
// go through recordRead instead.
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { OPERATOR_AT_CLI, type RequestContext, type Scope } from '../../kernel/access/access.js';
import { appendAudit } from '../../kernel/audit/audit.js';
import type { Clock } from '../../kernel/clock.js';

export interface ReportingChange {
  action: string;
  targetType: 'metric' | 'report_template' | 'report' | 'report_task';
  targetIds: readonly string[];
  details?: Record<string, unknown>;
}

/** `ctx` and `scope` are null for the operator at the CLI (the demo seed, `gongzhi report`). */
export function auditReporting(db: Kysely<DB>, clock: Clock, ctx: RequestContext | null, scope: Scope | null, change: ReportingChange) {
  return appendAudit(db, clock, {
    actor: scope?.actor ?? ctx?.actor ?? OPERATOR_AT_CLI,
    role: scope?.role ?? null,
    scope: scope?.paths.join(',') ?? null,
    action: change.action,
    targetType: change.targetType,
    targetIds: change.targetIds,
    purpose: scope?.purpose ?? 'statistics',
    ip: ctx?.ip ?? null,
    requestId: ctx?.requestId ?? null,
    outcome: 'allowed',
    details: change.details,
  });
}

/** Who did it, as stored in created_by / generated_by columns. */
export function actorName(scope: Scope | null): string {
  return scope?.actor.name ?? OPERATOR_AT_CLI.name;
}
