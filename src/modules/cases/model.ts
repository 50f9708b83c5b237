// The vocabulary of case handling, shared by the pure rules, the services and the schemas.
import type { WorkingDuration } from '../../lib/working-calendar.js';

/** Where a case came in. Each is allowed to some roles only (see intake). */
export const CHANNELS = ['resident', 'patrol', 'hotline', 'party_reception', 'api', 'open311'] as const;
export type Channel = (typeof CHANNELS)[number];

export const STATUSES = [
  'submitted', // 已提交: reported, not yet accepted
  'registered', // 已立案: accepted as a case
  'not_registered', // 不予立案: refused, with a reason
  'dispatched', // 已派遣: sent to the responsible unit
  'signed_for', // 已签收: the unit took it
  'in_progress', // 处置中
  'suspended', // 挂账: parked with approval and a reason
  'returned', // 退单: the unit sent it back; the level above decides
  'handled', // 已处置: result and evidence given
  'verified', // 已核查: checked by the grid worker or confirmed by the reporter
  'closed', // 已结案
  'merged', // 已合并: a duplicate folded into another case
] as const;
export type CaseStatus = (typeof STATUSES)[number];

/** No further work is expected in these states (a closed case may still be reopened). */
export const FINISHED_STATUSES: readonly CaseStatus[] = ['not_registered', 'closed', 'merged'];

/** Stages that run on a clock; each open stage is one row in case_deadlines. */
export const STAGES = ['register', 'sign_for', 'handle', 'return_decision', 'verify', 'whistle_report', 'rectification'] as const;
export type Stage = (typeof STAGES)[number];

/** A time limit: working time on the city's calendar unless `natural` (e.g. risk to life: 2 clock hours). */
export type StageLimit = WorkingDuration & { natural?: boolean };

/** Who is responsible for a case. */
export type UnitKind = 'department' | 'external' | 'street' | 'community';
export interface ResponsibleUnit {
  kind: UnitKind;
  /** For department and external units. */
  departmentId: string | null;
  /** For street and community units. */
  jurisdictionCode: string | null;
  name: string;
}

/** A stable key for grouping by unit in assessments: `department:<id>` or `jurisdiction:<code>`. */
export function unitKey(unit: Pick<ResponsibleUnit, 'departmentId' | 'jurisdictionCode'>): string {
  return unit.departmentId ? `department:${unit.departmentId}` : `jurisdiction:${unit.jurisdictionCode}`;
}

/** The five levels of 好差评 (GB/T 39734-2020). */
export const RATING_LEVELS = { 5: '非常满意', 4: '满意', 3: '基本满意', 2: '不满意', 1: '非常不满意' } as const;
/** At or below this level a rating is 差评 and opens a rectification. */
export const DISSATISFIED_AT_OR_BELOW = 2;

/** Sub-indicators of an online and of an offline evaluation (standards.md). */
export const ONLINE_INDICATORS = ['efficiency', 'guideAccuracy', 'convenience', 'usability'] as const;
export const OFFLINE_INDICATORS = ['efficiency', 'skill', 'attitude'] as const;
