import { DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler } from 'kysely';
import { describe, expect, it } from 'vitest';
import { compileQuery, compileRecordQuery, queryKindOf, type CompileContext, type Measure } from './compiler.js';
import { parseDefinition, type MeasureDefinition } from './definition.js';

// Compiles without a database: the SQL text and its parameters.
const db = new Kysely<Record<string, never>>({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (k) => new PostgresIntrospector(k),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
});

const ctx: CompileContext = { referenceDate: '2026-06-30', period: { start: '2026-06-01', end: '2026-06-30' }, paths: ['330100.330106'] };
const measure = (key: string, definition: unknown, extra: Measure['extra'] = []): Measure => ({ key, definition: parseDefinition(definition) as MeasureDefinition, extra });
const people = (...where: unknown[]) => ({ kind: 'measure', subject: 'people', where });

describe('compiling statistical definitions', () => {
  it('sends every value a definition holds as a parameter, never as SQL', () => {
    const hostile = "x'); DROP TABLE people; --";
    const query = compileQuery([measure('m', people({ kind: 'field', field: 'ethnicity', in: [hostile] }, { kind: 'tags', all: ['veteran'] }))], { depth: 4 }, ctx);
    const { sql, parameters } = query.sql.compile(db);
    expect(sql).not.toContain('DROP TABLE');
    expect(sql).not.toContain('veteran');
    expect(parameters).toContainEqual([hostile]);
    expect(parameters).toContain('veteran');
  });

  it('computes a report’s counts from one cube: one pass, one FILTER per figure', () => {
    const measures = [
      measure('elderly', people({ kind: 'age', min: 60 })),
      measure('old_men', people({ kind: 'age', min: 80 }, { kind: 'sex', is: 'male' })),
      measure('veterans', people({ kind: 'tags', all: ['veteran'] })),
    ];
    expect(new Set(measures.map((m) => queryKindOf(m))).size).toBe(1);
    const { sql, parameters } = compileQuery(measures, { depth: 4 }, ctx).sql.compile(db);
    expect(sql.match(/FILTER \(WHERE/g)).toHaveLength(3);
    expect(sql.match(/FROM "people"/g)).toHaveLength(1);
    // Ages become bands between the birth-date limits the conditions name: 60 and 80 years before the reference date.
    expect(sql).toContain('AS birth_band');
    expect(parameters).toEqual(expect.arrayContaining(['1966-06-30', '1946-06-30']));
    // Grouped by unit, sex, tags and birth band.
    expect(sql).toMatch(/GROUP BY 1, 2, 3, 4\) SELECT .* FROM c GROUP BY 1$/);
  });

  it('groups only the rows some figure may count, unless a figure counts every row', () => {
    const veterans = measure('veterans', people({ kind: 'tags', all: ['veteran'] }));
    const elderlyVeterans = measure('elderly_veterans', people({ kind: 'tags', all: ['veteran'] }, { kind: 'age', min: 60 }));
    const gated = compileQuery([veterans, elderlyVeterans], { depth: 4 }, ctx).sql.compile(db).sql;
    expect(gated).toMatch(/WHERE "p"\."jurisdiction_path" <@ ANY\(\$\d+::ltree\[\]\) AND nlevel\("p"\."jurisdiction_path"\) >= \$\d+ AND \(\$\d+ = ANY\("p"\."tags"\) OR \(\$\d+ = ANY\("p"\."tags"\) AND "p"\."birth_date" <= \$\d+::date\)\) GROUP BY/);
    const everyone = compileQuery([veterans, measure('all', people())], { depth: 4 }, ctx).sql.compile(db).sql;
    expect(everyone).toMatch(/>= \$\d+ GROUP BY/);
  });

  it('counts distinct households from the same cube, grouped by the household of each row counted, with a computed total', () => {
    const lowIncome = measure('households', { kind: 'measure', subject: 'people', where: [{ kind: 'tags', all: ['low_income'] }], aggregate: { fn: 'count_distinct', of: 'household' } });
    const everyone = measure('all', people());
    expect(queryKindOf(lowIncome)).toBe(queryKindOf(everyone));
    const query = compileQuery([lowIncome, everyone], { depth: 4 }, ctx);
    const { sql } = query.sql.compile(db);
    expect(sql.match(/FROM "people"/g)).toHaveLength(1);
    expect(sql).toMatch(/CASE WHEN \$\d+ = ANY\("p"\."tags"\) THEN "p"\."household_id" END AS d0/);
    expect(sql).toContain('count(DISTINCT "c"."d0") AS m0');
    expect(sql).toMatch(/GROUP BY GROUPING SETS \(\(1\), \(\)\)$/);
    expect(query.totals).toBe(true);
    expect(compileQuery([everyone], { depth: 4 }, ctx).totals).toBe(false);
  });

  it('refuses to mix subjects or kinds of aggregate in one query', () => {
    expect(() =>
      compileQuery([measure('a', people()), measure('b', { kind: 'measure', subject: 'dwellings' })], null, ctx),
    ).toThrow(/one subject/);
  });

  it('reads household sizes off the household inside the main cube, looked up only for the rows that may be counted', () => {
    const alone = measure('alone', people({ kind: 'age', min: 60 }, { kind: 'household', members: { max: 1 } }));
    expect(queryKindOf(alone)).toBe(queryKindOf(measure('all', people())));
    const { sql, parameters } = compileQuery([alone, measure('all', people())], { depth: 4 }, ctx).sql.compile(db);
    expect(sql.match(/FROM "people"/g)).toHaveLength(1);
    expect(sql).not.toContain('JOIN');
    expect(sql).toMatch(/CASE WHEN \("p"\."birth_date" <= \$\d+::date\) THEN \(CASE WHEN "p"\."household_id" IS NULL THEN true ELSE "p"\."household_id" IN \(SELECT id FROM households WHERE TRUE AND "living_members" <= \$\d+\) END\) END AS d0/);
    expect(parameters).toContain(1);
  });

  it('counts a household composition from one pass over the people within the report’s paths', () => {
    const elderlyOnly = measure('elderly_only', { kind: 'measure', subject: 'households', where: [{ kind: 'members', all: [{ kind: 'age', min: 60 }] }] });
    const { sql } = compileQuery([elderlyOnly], { depth: 4 }, ctx).sql.compile(db);
    expect(sql).toContain('LEFT JOIN (');
    expect(sql).toMatch(/"pm"\."jurisdiction_path" <@ ANY\(\$\d+::ltree\[\]\)/);
  });

  it('sums households’ living members with the composition joined', () => {
    const members = measure('members', { kind: 'measure', subject: 'households', aggregate: { fn: 'sum', of: 'members' } });
    const { sql } = compileQuery([members], { depth: 4 }, ctx).sql.compile(db);
    expect(sql).toContain('LEFT JOIN (');
    expect(sql).toContain('sum(coalesce(comp.members, 0)) AS s_members');
  });

  it('lists the records behind a figure: people, or the households a distinct count counts', () => {
    const query = compileRecordQuery(
      measure('h', { kind: 'measure', subject: 'people', where: [{ kind: 'tags', all: ['low_income'] }], aggregate: { fn: 'count_distinct', of: 'household' } }),
      ctx,
      20,
      40,
    );
    const { sql, parameters } = query.compile(db);
    expect(sql).toContain('SELECT DISTINCT "p"."household_id" AS id');
    expect(parameters.slice(-2)).toEqual([20, 40]);
  });
});
