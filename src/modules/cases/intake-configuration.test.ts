import { describe, expect, it } from 'vitest';
import type { WorkingCalendar } from '../../lib/working-calendar.js';
import { FALLBACK_CALENDAR } from './calendars.js';
import type { CategoryRow, RuleView } from './config-repo.js';
import { categoryLineageIn, clockSettingIn, rulesInForceIn, type IntakeConfiguration } from './intake-configuration.js';
import { DEFAULT_CASE_SETTINGS, mergeSettings } from './settings.js';

const DISTRICT = '330100.330106';
const STREET = `${DISTRICT}.330106002`;
const GRID = `${STREET}.330106002051.33010600205101`;

function category(code: string, parentCode: string | null): CategoryRow {
  return {
    code,
    parent_code: parentCode,
    name: code,
    kind: 'event',
    description: '',
    registration_condition: '',
    closure_condition: '',
    keywords: [],
    attributes: [],
    public: true,
    active: true,
    sort_order: 0,
    updated_at: new Date('2026-01-01T00:00:00Z'),
  };
}

function rule(ruleKey: string, overrides: Partial<RuleView> = {}): RuleView {
  return {
    id: `${ruleKey}-id`,
    rule_key: ruleKey,
    version: 1,
    category_code: 'SJ01',
    jurisdiction_code: '330106',
    jurisdiction_path: DISTRICT,
    conditions: {},
    unit_kind: 'department',
    unit_department_id: 'dept',
    unit_jurisdiction_code: null,
    limits: {},
    note: '',
    effective_from: new Date('2026-01-01T00:00:00Z'),
    superseded_at: null,
    created_by: 'admin',
    created_at: new Date('2026-01-01T00:00:00Z'),
    category_name: 'SJ01',
    jurisdiction_name: '西湖区',
    department_name: '城管',
    unit_jurisdiction_name: null,
    ...overrides,
  };
}

const streetCalendar: WorkingCalendar = { ...FALLBACK_CALENDAR, workingHours: [{ start: '09:00', end: '17:00' }] };

function configuration(overrides: Partial<IntakeConfiguration> = {}): IntakeConfiguration {
  return {
    categories: new Map([category('SJ01', null), category('SJ0102', 'SJ01')].map((c) => [c.code, c])),
    rules: [],
    calendars: new Map(),
    settings: mergeSettings({}),
    ...overrides,
  };
}

describe('categoryLineageIn', () => {
  it('gives the category, then its ancestors, and nothing for an unknown code', () => {
    expect(categoryLineageIn(configuration(), 'SJ0102').map((c) => c.code)).toEqual(['SJ0102', 'SJ01']);
    expect(categoryLineageIn(configuration(), 'NOPE')).toEqual([]);
  });

  it('stops at the same depth as the SQL it replaces, even on a cycle', () => {
    const cycle = configuration({ categories: new Map([category('A', 'B'), category('B', 'A')].map((c) => [c.code, c])) });
    expect(categoryLineageIn(cycle, 'A')).toHaveLength(11);
  });
});

describe('rulesInForceIn', () => {
  const at = new Date('2026-11-30T02:00:00Z');

  it('takes rules of the lineage whose place is the case’s or above it', () => {
    const config = configuration({
      rules: [
        rule('R1'),
        rule('R2', { category_code: 'SJ02' }),
        rule('R3', { jurisdiction_path: STREET }),
        // A sibling whose code merely starts like the case's street.
        rule('R4', { jurisdiction_path: `${DISTRICT}.3301060021` }),
        rule('R5', { jurisdiction_path: GRID }),
      ],
    });
    expect(rulesInForceIn(config, ['SJ0102', 'SJ01'], GRID, at).map((r) => r.rule_key)).toEqual(['R1', 'R3', 'R5']);
    expect(rulesInForceIn(config, ['SJ0102', 'SJ01'], STREET, at).map((r) => r.rule_key)).toEqual(['R1', 'R3']);
  });

  it('takes a version from its effective instant up to, not including, the instant it is superseded', () => {
    const config = configuration({
      rules: [
        rule('R1', { id: 'v1', superseded_at: at }),
        rule('R1', { id: 'v2', version: 2, effective_from: at }),
        rule('R2', { effective_from: new Date(at.getTime() + 1) }),
      ],
    });
    expect(rulesInForceIn(config, ['SJ01'], GRID, at).map((r) => r.id)).toEqual(['v2']);
    expect(rulesInForceIn(config, ['SJ01'], GRID, new Date(at.getTime() - 1)).map((r) => r.id)).toEqual(['v1']);
  });
});

describe('clockSettingIn', () => {
  it('uses the calendar of the nearest jurisdiction at or above the place, else the fallback, and says which', () => {
    const config = configuration({ calendars: new Map([['330106002', streetCalendar]]) });
    expect(clockSettingIn(config, GRID)).toEqual({ calendar: streetCalendar, calendarSource: '330106002', warnAtFraction: DEFAULT_CASE_SETTINGS.warnAtFraction });
    expect(clockSettingIn(config, STREET).calendarSource).toBe('330106002');
    expect(clockSettingIn(config, `${DISTRICT}.330106003`)).toMatchObject({ calendar: FALLBACK_CALENDAR, calendarSource: 'default' });
  });
});
