// Finding one case the caller may see. A case outside the caller's view is
// answered like one that does not exist (no probing across communities), and
// every refusal is written to the audit log — after the transaction that
// found it has rolled back, so the record of the refusal survives.
import type { Scope } from '../../kernel/access/access.js';
import { appendAudit } from '../../kernel/audit/audit.js';
import type { Clock } from '../../kernel/clock.js';
import { AppError } from '../../kernel/errors.js';
import type { Acting } from './audit.js';
import * as repo from './case-repo.js';

/** A refusal to act on a case, audited by `auditingRefusals`. */
export class CaseRefusal extends AppError {
  constructor(
    readonly caseId: string,
    readonly action: string,
    readonly reason: string,
    error: { code: string; message: string; status: number; details?: unknown },
  ) {
    super(error.code, error.message, error.status, error.details);
  }
}

export function caseNotFound(caseId: string, action: string): CaseRefusal {
  return new CaseRefusal(caseId, action, 'not visible to the caller', { code: 'case.not_found', message: `No case ${caseId}`, status: 404 });
}

/** Run `work`; if it refuses, record the refusal in the audit log and pass the error on. */
export async function auditingRefusals<T>(db: repo.Db, clock: Clock, who: Acting, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof CaseRefusal) {
      await appendAudit(db, clock, {
        actor: who.actor,
        role: who.scope?.role ?? null,
        scope: who.scope?.paths.join(',') ?? null,
        action: `case.${error.action}`,
        targetType: 'case',
        targetIds: [error.caseId],
        purpose: who.ctx?.purpose ?? null,
        ip: who.ctx?.ip ?? null,
        requestId: who.ctx?.requestId ?? null,
        outcome: 'denied',
        details: { reason: error.reason },
      });
    }
    throw error;
  }
}

export async function visibleCase(db: repo.Db, scope: Scope, caseId: string, action: string): Promise<repo.CaseRow> {
  const found = await repo.findVisibleCase(db, scope, caseId);
  if (!found) throw caseNotFound(caseId, action);
  return found;
}

/** The case, visible to the scope and locked for the rest of the transaction. */
export async function lockVisibleCase(trx: repo.Db, scope: Scope, caseId: string, action: string): Promise<repo.CaseRow> {
  const found = await visibleCase(trx, scope, caseId, action);
  return (await repo.lockCase(trx, found.id))!;
}
