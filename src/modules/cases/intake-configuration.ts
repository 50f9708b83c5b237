/**
 * What intake reads on every new case and that rarely changes — the category
 * taxonomy, the responsibility list, the working calendars and the settings —
 * as this process's copy at the configuration version (see
 * src/db/configuration-version.ts). A change made by any process raises the
 * version when it commits, so the next case anywhere sees it. The copy answers
 * the same questions the SQL in config-repo.ts and calendars.ts answers.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { versionedCache } from '../../db/configuration-version.js';
import type { WorkingCalendar } from '../../lib/working-calendar.js';
import { FALLBACK_CALENDAR } from './calendars.js';
import type { ClockSetting } from './clocks.js';
import * as repo from './config-repo.js';
import { mergeSettings, type CaseSettings } from './settings.js';

export interface IntakeConfiguration {
  categories: ReadonlyMap<string, repo.CategoryRow>;
  /** Every version of every rule: which are in force depends on the instant asked about. */
  rules: readonly repo.RuleView[];
  /** Working calendars by the jurisdiction that set them. */
  calendars: ReadonlyMap<string, WorkingCalendar>;
  settings: CaseSettings;
}

export const intakeConfiguration = versionedCache(async (db: Kysely<DB>): Promise<IntakeConfiguration> => {
  const [categories, rules, calendars, days, settings] = await Promise.all([
    repo.listCategories(db, { includeInactive: true }),
    repo.allRuleVersions(db),
    repo.listCalendars(db),
    repo.allCalendarDays(db),
    repo.storedSettings(db),
  ]);
  const daysOf = (code: string, kind: 'holiday' | 'workday') => days.filter((d) => d.jurisdiction_code === code && d.kind === kind).map((d) => d.day);
  return {
    categories: new Map(categories.map((c) => [c.code, c])),
    rules,
    calendars: new Map(
      calendars.map((c) => [
        c.jurisdiction_code,
        {
          utcOffsetMinutes: c.utc_offset_minutes,
          workingHours: c.working_hours,
          weekendDays: c.weekend_days,
          holidays: daysOf(c.jurisdiction_code, 'holiday'),
          workdays: daysOf(c.jurisdiction_code, 'workday'),
        },
      ]),
    ),
    settings: mergeSettings(Object.fromEntries(settings.map((s) => [s.key, s.value]))),
  };
});

/** The category and its ancestors, the category first (as config-repo's categoryLineage, to the same depth). */
export function categoryLineageIn(config: IntakeConfiguration, code: string): repo.CategoryRow[] {
  const lineage: repo.CategoryRow[] = [];
  let next = config.categories.get(code);
  while (next && lineage.length <= 10) {
    lineage.push(next);
    next = next.parent_code === null ? undefined : config.categories.get(next.parent_code);
  }
  return lineage;
}

/** Rules in force at `at` for these categories at `path` (as config-repo's rulesInForce). */
export function rulesInForceIn(config: IntakeConfiguration, categoryCodes: readonly string[], path: string, at: Date): repo.RuleView[] {
  return config.rules.filter(
    (r) =>
      categoryCodes.includes(r.category_code) &&
      (path === r.jurisdiction_path || path.startsWith(`${r.jurisdiction_path}.`)) &&
      r.effective_from <= at &&
      (r.superseded_at === null || r.superseded_at > at),
  );
}

/** The clocks of a place: the calendar of the nearest jurisdiction at or above it that has one (as calendars.ts's calendarFor). */
export function clockSettingIn(config: IntakeConfiguration, path: string): ClockSetting {
  const source = path
    .split('.')
    .reverse()
    .find((code) => config.calendars.has(code));
  return {
    calendar: source ? config.calendars.get(source)! : FALLBACK_CALENDAR,
    calendarSource: source ?? 'default',
    warnAtFraction: config.settings.warnAtFraction,
  };
}
