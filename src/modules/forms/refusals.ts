// A refusal to act on a submission or conflict the caller may not reach. It is
// answered like a record that does not exist (no probing across communities)
// and written to the audit log after the transaction that found it has rolled
// back, so the record of the refusal survives.
import type { RequestContext, Scope } from '../../kernel/access/access.js';
import { appendAudit } from '../../kernel/audit/audit.js';
import { AppError } from '../../kernel/errors.js';
import type { Deps } from './deps.js';
import type { SubjectType } from './schema.js';

export class FormRefusal extends AppError {
  constructor(
    readonly target: { type: 'form_submission' | 'form_conflict' | SubjectType; id: string },
    readonly action: string,
  ) {
    super(`${target.type}.not_found`, `No ${target.type.replace('_', ' ')} ${target.id}`, 404);
  }
}

/** Run `work`; if it refuses, record the refusal and pass the error on. */
export async function auditingRefusals<T>(deps: Deps, ctx: RequestContext, scope: Scope, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof FormRefusal) {
      await appendAudit(deps.db, deps.clock, {
        actor: scope.actor,
        role: scope.role,
        scope: scope.paths.join(','),
        action: error.action,
        targetType: error.target.type,
        targetIds: [error.target.id],
        purpose: scope.purpose,
        ip: ctx.ip,
        requestId: ctx.requestId,
        outcome: 'denied',
        details: { reason: 'not in the caller’s jurisdiction, not theirs, or not there' },
      });
    }
    throw error;
  }
}
