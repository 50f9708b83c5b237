/**
 * The sweep: for a given instant, warn about stages close to their limit,
 * escalate overdue stages up the chain above the case (community → street →
 * district, one level per escalation step overdue; the district level puts the
 * case under supervision 督办), and invite reporters to rate handled cases
 * they have not rated.
 *
 * Safe with several processes: every batch is claimed with FOR UPDATE SKIP
 * LOCKED, and an escalation level is recorded under a unique (stage clock,
 * level) constraint, so however many sweepers run, each level happens once.
 */
import type { Clock } from '../../kernel/clock.js';
import { workingTimeBetween } from '../../lib/working-calendar.js';
import type { AppDeps } from '../../app-deps.js';
import { jurisdictionLineage } from '../org/service.js';
import { SWEEP } from './audit.js';
import * as repo from './case-repo.js';
import { loadSettings } from './case-settings.js';
import { clockSettingFor, type ClockSetting } from './clocks.js';
import { addLimit, escalationLevelAt, nextEscalationAt } from './deadlines.js';
import type { StageLimit } from './model.js';
import type { CaseSettings } from './settings.js';
import * as sweeps from './sweep-repo.js';
import { recordEvent } from './timeline.js';

const DEFAULT_BATCH = 200;
const MINUTE = 60_000;

export interface SweepReport {
  warnings: number;
  escalations: number;
  supervisions: number;
  invitations: number;
}

/** `batchSize`: how many rows one transaction claims; smaller batches let concurrent sweepers interleave. */
export async function sweepCases(deps: Pick<AppDeps, 'db'>, options: { now: Date; batchSize?: number }): Promise<SweepReport> {
  const clock: Clock = { now: () => options.now };
  const settings = await loadSettings(deps.db);
  const places = new PlaceCache(settings);
  const batch = options.batchSize ?? DEFAULT_BATCH;
  const report: SweepReport = { warnings: 0, escalations: 0, supervisions: 0, invitations: 0 };
  await warn(deps.db, clock, batch, report);
  await escalate(deps.db, clock, batch, settings, places, report);
  await invite(deps.db, clock, batch, settings, places, report);
  return report;
}

async function warn(db: repo.Db, clock: Clock, batch: number, report: SweepReport) {
  for (;;) {
    const claimed = await db.transaction().execute(async (trx) => {
      const due = await sweeps.claimWarnings(trx, clock.now(), batch);
      if (due.length === 0) return 0;
      await sweeps.markWarned(trx, due.map((d) => d.id), clock.now());
      for (const d of due) {
        await recordEvent(trx, clock, SWEEP, d.case_id, {
          action: 'deadline_warning',
          role: 'system',
          note: `${d.unit_name}：${STAGE_NAMES[d.stage] ?? d.stage}将于 ${d.due_at.toISOString()} 到期`,
          details: { deadlineId: d.id, stage: d.stage, dueAt: d.due_at.toISOString() },
        });
      }
      return due.length;
    });
    report.warnings += claimed;
    if (claimed < batch) return;
  }
}

async function escalate(db: repo.Db, clock: Clock, batch: number, settings: CaseSettings, places: PlaceCache, report: SweepReport) {
  const now = clock.now();
  for (;;) {
    const claimed = await db.transaction().execute(async (trx) => {
      const overdue = await sweeps.claimEscalations(trx, now, batch);
      for (const d of overdue) {
        const place = await places.of(trx, d.jurisdiction_path);
        const step = settings.escalationStep;
        const reached = escalationLevelAt(now, d.due_at, step, place.ladder.length, place.clock.calendar);
        for (let level = d.escalation_level + 1; level <= reached; level++) {
          const target = place.ladder[level - 1];
          const escalationId = await sweeps.insertEscalation(trx, { case_id: d.case_id, deadline_id: d.id, stage: d.stage, level, to_jurisdiction_code: target.code, at: now });
          if (!escalationId) continue;
          report.escalations++;
          await sweeps.raiseCaseEscalation(trx, d.case_id, level, now);
          await recordEvent(trx, clock, SWEEP, d.case_id, {
            action: 'escalate',
            role: 'system',
            note: `${d.unit_name}${STAGE_NAMES[d.stage] ?? d.stage}超时，升级至${target.name}`,
            details: { deadlineId: d.id, stage: d.stage, level, to: target.code, dueAt: d.due_at.toISOString(), overdueMinutes: overdueMinutes(now, d, place.clock) },
          });
          if (level === place.ladder.length) {
            // At the top of the chain the case is put under supervision (督办).
            await repo.insertSupervision(trx, { case_id: d.case_id, issued_by: SWEEP.actor.name, issued_at: now, note: `超时升级至${target.name}，自动督办`, escalation_id: escalationId });
            await sweeps.markSupervised(trx, d.case_id, now);
            await recordEvent(trx, clock, SWEEP, d.case_id, { action: 'supervise', role: 'system', note: `${target.name}督办`, details: { automatic: true, escalationId } });
            report.supervisions++;
          }
        }
        const level = Math.max(d.escalation_level, reached);
        await sweeps.advanceEscalation(trx, d.id, level, nextEscalationAt(d.due_at, level, step, place.ladder.length, place.clock.calendar));
      }
      return overdue.length;
    });
    if (claimed < batch) return;
  }
}

async function invite(db: repo.Db, clock: Clock, batch: number, settings: CaseSettings, places: PlaceCache, report: SweepReport) {
  const now = clock.now();
  const delay = settings.ratingInvitationDelay;
  let afterId: string | null = null;
  for (;;) {
    const last: string | null = await db.transaction().execute(async (trx) => {
      // Only cases handled within the delay are left uninvited, so the candidates stay few.
      const candidates = await sweeps.claimUnratedCases(trx, now, batch, afterId);
      for (const c of candidates) {
        const { clock: place } = await places.of(trx, c.jurisdiction_path);
        if (addLimit(c.handled_at!, delay, place.calendar) > now) continue;
        if (!(await sweeps.markInvited(trx, c.id, now)).numUpdatedRows) continue;
        report.invitations++;
        await recordEvent(trx, clock, SWEEP, c.id, {
          action: 'rating_invitation',
          role: 'system',
          public: true,
          note: c.channel === 'hotline' || c.channel === 'party_reception' ? '请回访报告人并记录评价' : '请对办理结果进行评价',
        });
      }
      return candidates.length < batch ? null : candidates.at(-1)!.id;
    });
    if (last === null) return;
    afterId = last;
  }
}

function overdueMinutes(now: Date, d: { due_at: Date; limit_spec: unknown }, clock: ClockSetting): number {
  const natural = (d.limit_spec as StageLimit).natural;
  return Math.round(natural ? (now.getTime() - d.due_at.getTime()) / MINUTE : workingTimeBetween(d.due_at, now, clock.calendar));
}

const STAGE_NAMES: Record<string, string> = {
  register: '立案',
  sign_for: '签收',
  handle: '处置',
  return_decision: '退单审核',
  verify: '核查',
  whistle_report: '吹哨报到',
  rectification: '差评整改',
};

/**
 * The chain above each place and its calendar, looked up once per sweep —
 * through the transaction at hand (PGlite has one connection, which the
 * transaction holds).
 */
class PlaceCache {
  readonly #places = new Map<string, Promise<{ ladder: Array<{ code: string; name: string }>; clock: ClockSetting }>>();

  constructor(private readonly settings: CaseSettings) {}

  of(db: repo.Db, path: string) {
    let found = this.#places.get(path);
    if (!found) {
      found = (async () => {
        const lineage = await jurisdictionLineage(db, path.split('.').at(-1)!);
        const ladder = ['community', 'street', 'district'].flatMap((level) => lineage.filter((j) => j.level === level).map((j) => ({ code: j.code, name: j.name })));
        return { ladder, clock: await clockSettingFor(db, path, this.settings) };
      })();
      this.#places.set(path, found);
    }
    return found;
  }
}
