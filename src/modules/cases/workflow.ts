/**
 * The case workflow as one table: in which state an action may be taken, by
 * whom, and where it leads. Roles here are the actor's relation to the case,
 * not platform roles; `caseRolesOf` (policy.ts) derives them from the actor's
 * grants, the case's place and its responsible unit.
 *
 *   submitted ─register→ registered ─dispatch→ dispatched ─sign_for→ signed_for ─start→ in_progress ─handle→ handled
 *       │                    │                     │                    │               │      ↑
 *       ├decline→ not_registered                   └──────return────────┴→ returned ────┘      │ resume
 *       └merge→ merged ←─────┘                       (reassign | send_back → dispatched)   suspended
 *   handled ─verify/confirm→ verified ─close→ closed ─reopen (reporter, within a window)→ dispatched
 *   handled ─reject_handling→ in_progress
 */
import type { CaseStatus } from './model.js';

export const CASE_ROLES = [
  'reporter', // reported the case (or a duplicate merged into it)
  'dispatcher', // community or street staff where the case lies: registers, dispatches, closes
  'assignee', // staff of the responsible unit
  'supervisor', // the level above the responsible unit: decides returns and suspensions
  'verifier', // grid worker or community staff where the case lies: checks the result on site
] as const;
export type CaseRole = (typeof CASE_ROLES)[number];

export const ACTIONS = [
  'register',
  'decline',
  'merge',
  'dispatch',
  'sign_for',
  'start',
  'return',
  'reassign',
  'send_back',
  'request_suspension',
  'approve_suspension',
  'reject_suspension',
  'resume',
  'handle',
  'verify',
  'confirm',
  'reject_handling',
  'close',
  'reopen',
] as const;
export type CaseAction = (typeof ACTIONS)[number];

interface Transition {
  by: readonly CaseRole[];
  to: CaseStatus;
}

export const TRANSITIONS: Readonly<Record<CaseStatus, Partial<Record<CaseAction, Transition>>>> = {
  submitted: {
    register: { by: ['dispatcher'], to: 'registered' },
    decline: { by: ['dispatcher'], to: 'not_registered' },
    merge: { by: ['dispatcher'], to: 'merged' },
  },
  registered: {
    dispatch: { by: ['dispatcher'], to: 'dispatched' },
    merge: { by: ['dispatcher'], to: 'merged' },
  },
  dispatched: {
    sign_for: { by: ['assignee'], to: 'signed_for' },
    return: { by: ['assignee'], to: 'returned' },
  },
  signed_for: {
    start: { by: ['assignee'], to: 'in_progress' },
    return: { by: ['assignee'], to: 'returned' },
  },
  in_progress: {
    handle: { by: ['assignee'], to: 'handled' },
    // A suspension needs two people: the unit asks, the level above approves.
    request_suspension: { by: ['assignee'], to: 'in_progress' },
    approve_suspension: { by: ['supervisor'], to: 'suspended' },
    reject_suspension: { by: ['supervisor'], to: 'in_progress' },
  },
  suspended: {
    resume: { by: ['supervisor', 'assignee'], to: 'in_progress' },
  },
  returned: {
    reassign: { by: ['supervisor'], to: 'dispatched' },
    send_back: { by: ['supervisor'], to: 'dispatched' },
  },
  handled: {
    verify: { by: ['verifier'], to: 'verified' },
    confirm: { by: ['reporter'], to: 'verified' },
    reject_handling: { by: ['verifier', 'reporter'], to: 'in_progress' },
  },
  verified: {
    close: { by: ['dispatcher'], to: 'closed' },
  },
  closed: {
    reopen: { by: ['reporter'], to: 'dispatched' },
  },
  not_registered: {},
  merged: {},
};

export type TransitionCheck =
  | { ok: true; to: CaseStatus; as: CaseRole }
  | { ok: false; reason: 'not_in_this_state'; allowedIn: CaseStatus[] }
  | { ok: false; reason: 'not_your_role'; allowedRoles: readonly CaseRole[] };

/** Whether an actor holding `roles` on a case in `status` may take `action`, and the state it leads to. */
export function checkTransition(status: CaseStatus, action: CaseAction, roles: readonly CaseRole[]): TransitionCheck {
  const transition = TRANSITIONS[status][action];
  if (!transition) {
    const allowedIn = (Object.keys(TRANSITIONS) as CaseStatus[]).filter((s) => TRANSITIONS[s][action]);
    return { ok: false, reason: 'not_in_this_state', allowedIn };
  }
  const as = transition.by.find((role) => roles.includes(role));
  if (!as) return { ok: false, reason: 'not_your_role', allowedRoles: transition.by };
  return { ok: true, to: transition.to, as };
}

/** The actions an actor may take now: what a UI shows as buttons. */
export function availableActions(status: CaseStatus, roles: readonly CaseRole[]): CaseAction[] {
  return (Object.entries(TRANSITIONS[status]) as Array<[CaseAction, Transition]>)
    .filter(([, t]) => t.by.some((role) => roles.includes(role)))
    .map(([action]) => action);
}
