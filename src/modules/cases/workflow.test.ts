import { describe, expect, it } from 'vitest';
import { STATUSES, type CaseStatus } from './model.js';
import { ACTIONS, CASE_ROLES, TRANSITIONS, availableActions, checkTransition, type CaseAction, type CaseRole } from './workflow.js';

// The expected workflow written out independently of the table: every allowed
// (state, action, role) → next state. Everything not listed must be refused.
const ALLOWED: Array<[CaseStatus, CaseAction, CaseRole, CaseStatus]> = [
  ['submitted', 'register', 'dispatcher', 'registered'],
  ['submitted', 'decline', 'dispatcher', 'not_registered'],
  ['submitted', 'merge', 'dispatcher', 'merged'],
  ['registered', 'dispatch', 'dispatcher', 'dispatched'],
  ['registered', 'merge', 'dispatcher', 'merged'],
  ['dispatched', 'sign_for', 'assignee', 'signed_for'],
  ['dispatched', 'return', 'assignee', 'returned'],
  ['signed_for', 'start', 'assignee', 'in_progress'],
  ['signed_for', 'return', 'assignee', 'returned'],
  ['in_progress', 'handle', 'assignee', 'handled'],
  ['in_progress', 'request_suspension', 'assignee', 'in_progress'],
  ['in_progress', 'approve_suspension', 'supervisor', 'suspended'],
  ['in_progress', 'reject_suspension', 'supervisor', 'in_progress'],
  ['suspended', 'resume', 'supervisor', 'in_progress'],
  ['suspended', 'resume', 'assignee', 'in_progress'],
  ['returned', 'reassign', 'supervisor', 'dispatched'],
  ['returned', 'send_back', 'supervisor', 'dispatched'],
  ['handled', 'verify', 'verifier', 'verified'],
  ['handled', 'confirm', 'reporter', 'verified'],
  ['handled', 'reject_handling', 'verifier', 'in_progress'],
  ['handled', 'reject_handling', 'reporter', 'in_progress'],
  ['verified', 'close', 'dispatcher', 'closed'],
  ['closed', 'reopen', 'reporter', 'dispatched'],
];

const key = (s: string, a: string, r: string) => `${s} ${a} ${r}`;
const allowed = new Map(ALLOWED.map(([s, a, r, to]) => [key(s, a, r), to]));

describe('the case transition table', () => {
  it('matches the written workflow for every state × action × role', () => {
    for (const status of STATUSES) {
      for (const action of ACTIONS) {
        for (const role of CASE_ROLES) {
          const result = checkTransition(status, action, [role]);
          const expected = allowed.get(key(status, action, role));
          if (expected) expect(result, key(status, action, role)).toEqual({ ok: true, to: expected, as: role });
          else expect(result.ok, key(status, action, role)).toBe(false);
        }
      }
    }
  });

  for (const [status, action, role, to] of ALLOWED) {
    it(`allows ${role} to ${action} a ${status} case → ${to}`, () => {
      expect(checkTransition(status, action, [role])).toEqual({ ok: true, to, as: role });
    });
  }

  it('says why a refusal happened: wrong state, or wrong role', () => {
    expect(checkTransition('closed', 'handle', ['assignee'])).toEqual({ ok: false, reason: 'not_in_this_state', allowedIn: ['in_progress'] });
    expect(checkTransition('dispatched', 'sign_for', ['dispatcher', 'reporter'])).toEqual({
      ok: false,
      reason: 'not_your_role',
      allowedRoles: ['assignee'],
    });
  });

  it('lets nobody act on a refused or merged case', () => {
    for (const status of ['not_registered', 'merged'] as const) expect(availableActions(status, CASE_ROLES)).toEqual([]);
  });

  it('lists the actions an actor may take now', () => {
    expect(availableActions('in_progress', ['assignee'])).toEqual(['handle', 'request_suspension']);
    expect(availableActions('handled', ['reporter'])).toEqual(['confirm', 'reject_handling']);
    expect(availableActions('dispatched', ['dispatcher'])).toEqual([]);
  });

  it('never lets a reporter move a case forward except by confirming, rejecting or reopening', () => {
    const byReporter = STATUSES.flatMap((s) => availableActions(s, ['reporter']));
    expect(new Set(byReporter)).toEqual(new Set(['confirm', 'reject_handling', 'reopen']));
  });

  it('has no transition into submitted: every case enters there once, at intake', () => {
    const targets = Object.values(TRANSITIONS).flatMap((byAction) => Object.values(byAction).map((t) => t!.to));
    expect(targets).not.toContain('submitted');
  });
});
