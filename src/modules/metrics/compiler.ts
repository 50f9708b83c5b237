/**
 * Statistical definitions → parameterised SQL over the registry's statistical
 * surface (src/modules/registry/statistics.ts). Every value a definition holds
 * travels as a bound parameter; identifiers come only from the surface's fixed
 * list. The same SQL runs on PGlite and PostgreSQL. Pure: builds SQL, runs nothing.
 *
 * A whole report is one query per subject, which reads the registry once
 * however many columns the report has: a cube. The records are grouped by row
 * unit and by just the attributes the report's conditions test — sex,
 * residence status, tags, each birth date reduced to the band between the age
 * limits the conditions name, the truth of each other condition — and every
 * figure is then a FILTERed sum over the few thousand cube cells. Evaluating
 * thirty columns' conditions on each of a million rows costs several times
 * more than grouping them once. A distinct count cannot be summed from cells,
 * so its cube also groups by the household or dwelling of each row it counts,
 * and the figure counts those apart.
 */
import { sql, type RawBuilder, type SqlBool } from 'kysely';
import { householdSizeWithin, livesHere, PEOPLE_COLUMNS, relationFrom, STATISTICAL_RELATIONS } from '../registry/statistics.js';
import type { Aggregate, Condition, MeasureDefinition, PersonCondition, Subject, Timing } from './definition.js';
import { addDays, chinaMidnight, yearsBefore } from './reference-dates.js';

export interface CompileContext {
  /** The day ages are computed on and stocks are counted for (统计时点). */
  referenceDate: string;
  /** The period flows are counted over (统计期), both days included. */
  period: { start: string; end: string };
  /** The jurisdiction paths the figures stay within (the caller's scope within the report's jurisdiction). */
  paths: readonly string[];
}

/** One figure to compute: a definition, restricted further by a row's conditions (category rows). */
export interface Measure {
  key: string;
  definition: MeasureDefinition;
  extra: readonly Condition[];
}

export interface Grouping {
  /** Depth (ltree nlevel) of the row units' paths: records are grouped by their path's prefix of this length. */
  depth: number;
}

export interface CompiledQuery {
  sql: RawBuilder<Record<string, unknown>>;
  /** Result column of each measure. */
  columns: ReadonlyMap<string, string>;
  /** Whether the query also returns a total row (unit null) of its own: for aggregates that do not add up across rows. */
  totals: boolean;
}

const PEOPLE = STATISTICAL_RELATIONS.people;
/** Alias of people inside composition subqueries (members of a household, occupants of a dwelling). */
const MEMBER = 'pm';
/** Alias of the cube in the outer query. */
const CUBE = 'c';

/** The query a measure goes to: one per subject. */
export function queryKindOf(measure: Measure): string {
  return measure.definition.subject;
}

/**
 * One query computing every measure (all of one subject), grouped by row unit
 * when `grouping` is given and over the whole area otherwise.
 */
export function compileQuery(measures: readonly Measure[], grouping: Grouping | null, ctx: CompileContext): CompiledQuery {
  if (measures.length === 0) throw new Error('compileQuery needs at least one measure');
  const subject = measures[0].definition.subject;
  if (measures.some((m) => m.definition.subject !== subject)) throw new Error('compileQuery takes measures of one subject');
  const joins = new Joins(subject, ctx);
  const row = new RowReader(joins);
  // The household's size is looked up only for the rows some household figure may count (the over-60s, for "elderly living alone").
  const candidates = measures.filter(hasHouseholdCondition).map((m) => measureFilter(row, onlyRowConditions(m), ctx));
  const cube = new CubeReader(row, ctx.referenceDate, candidates.length ? sql<SqlBool>`(${sql.join(candidates, sql` OR `)})` : null);
  const columns = new Map<string, string>();
  const aggregates: RawBuilder<unknown>[] = [];
  let distinct = false;
  for (const measure of measures) {
    const column = `m${columns.size}`;
    const { aggregate } = measure.definition;
    if (aggregate.fn === 'count_distinct') {
      distinct = true;
      const of = aggregate.of === 'household' ? PEOPLE_COLUMNS.household : PEOPLE_COLUMNS.dwelling;
      const counted = cube.distinctOf(of, measureFilter(row, measure, ctx), JSON.stringify([measure.definition.where, measure.extra, measure.definition.timing]));
      aggregates.push(sql`count(DISTINCT ${counted}) AS ${sql.raw(column)}`);
    } else {
      const filter = measureFilter(cube, measure, ctx);
      aggregates.push(sql`coalesce(sum(${cube.total(aggregate)}) FILTER (WHERE ${filter}), 0) AS ${sql.raw(column)}`);
    }
    columns.set(measure.key, column);
  }
  const path = joins.path();
  const where: RawBuilder<SqlBool>[] = [joins.inPaths()];
  if (grouping) where.push(sql<SqlBool>`nlevel(${path}) >= ${grouping.depth}`);
  // Only rows some figure may count are grouped: a report on veterans groups the veterans, not the whole population.
  const counted = measures.map(onlyRowConditions);
  if (counted.every((m) => m.definition.where.length + m.extra.length > 0 || m.definition.timing.kind !== 'point')) {
    where.push(sql<SqlBool>`(${sql.join(counted.map((m) => measureFilter(row, m, ctx)), sql` OR `)})`);
  }
  const unit = grouping ? sql`subpath(${path}, 0, ${grouping.depth})::text` : sql`NULL::text`;
  const inner = cube.build(unit, sql<SqlBool>`${sql.join(where, sql` AND `)}`);
  // One household can have members in two units: a distinct count's total is counted, not added.
  const totals = distinct && grouping !== null;
  const groupBy = totals ? sql`GROUPING SETS ((1), ())` : sql`1`;
  // Materialised, the cube is hashed from the rows and only its cells are sorted for a distinct count; inline, the
  // planner (expecting a cell per row or so) sorted the million rows instead.
  const query = sql<Record<string, unknown>>`WITH ${sql.raw(CUBE)} AS MATERIALIZED (${inner}) SELECT ${sql.ref(`${CUBE}.unit`)} AS unit, ${sql.join(aggregates)} FROM ${sql.raw(CUBE)} GROUP BY ${groupBy}`;
  return { sql: query, columns, totals };
}

const isHousehold = (c: Condition) => c.kind === 'household';
/** Conditions on what the record holds itself, not on its household or its members. */
const onRow = (c: Condition) => c.kind !== 'household' && c.kind !== 'members' && c.kind !== 'occupants';

function onlyRowConditions(m: Measure): Measure {
  return { ...m, definition: { ...m.definition, where: m.definition.where.filter(onRow) }, extra: m.extra.filter(onRow) };
}

function hasHouseholdCondition(m: Measure): boolean {
  return m.definition.where.some(isHousehold) || m.extra.some(isHousehold);
}

/** The records one measure counts, a page of them with how many there are: for the records behind a figure. */
export function compileRecordQuery(measure: Measure, ctx: CompileContext, limit: number, offset: number): RawBuilder<{ id: string; total: number }> {
  const { definition } = measure;
  const joins = new Joins(definition.subject, ctx);
  const row = new RowReader(joins);
  const filter = measureFilter(row, measure, ctx);
  const inScope = joins.inPaths();
  // A distinct count's records are the households or dwellings it counts.
  const id =
    definition.aggregate.fn === 'count_distinct'
      ? row.ref(definition.aggregate.of === 'household' ? PEOPLE_COLUMNS.household : PEOPLE_COLUMNS.dwelling)
      : row.ref('id');
  return sql<{ id: string; total: number }>`
    SELECT id, count(*) OVER ()::int AS total FROM (
      SELECT DISTINCT ${id} AS id FROM ${joins.from()} WHERE ${inScope} AND ${filter} AND ${id} IS NOT NULL
    ) records ORDER BY id LIMIT ${limit} OFFSET ${offset}`;
}

/** The subject whose records a measure's figure counts: a distinct count counts households or dwellings. */
export function recordSubjectOf(definition: MeasureDefinition): Subject {
  if (definition.aggregate.fn === 'count_distinct') return definition.aggregate.of === 'household' ? 'households' : 'dwellings';
  return definition.subject;
}

/**
 * The relation and what its conditions need besides: the composition of each household's members or each dwelling's occupants
 * (comp), which counts only people within the report's paths — people outside
 * them are outside the caller's sight too.
 */
class Joins {
  readonly alias: string;
  private composition = { used: false, columns: [] as RawBuilder<unknown>[], keys: new Map<string, string>() };

  constructor(
    readonly subject: Subject,
    private readonly ctx: CompileContext,
  ) {
    this.alias = STATISTICAL_RELATIONS[subject].alias;
  }

  path() {
    return sql.ref(`${this.alias}.${STATISTICAL_RELATIONS[this.subject].path}`);
  }

  /**
   * The relation's records (or, with MEMBER, the composition's people) within
   * the report's paths. A report reads most of the records under its paths, so
   * a scan testing each path's ancestry beats the B-tree path index: over a
   * million people it costs a third of the CPU of a join to the jurisdiction
   * tree (bench/RESULTS.md, one-table reporting).
   */
  inPaths(alias = this.alias): RawBuilder<SqlBool> {
    const relation = alias === MEMBER ? PEOPLE : STATISTICAL_RELATIONS[this.subject];
    return sql<SqlBool>`${sql.ref(`${alias}.${relation.path}`)} <@ ANY(${sql.val(`{${this.ctx.paths.join(',')}}`)}::ltree[])`;
  }

  /** Living members (households) or occupants (dwellings). */
  compositionMembers(): RawBuilder<unknown> {
    this.composition.used = true;
    return sql`coalesce(comp.members, 0)`;
  }

  /** How many living members or occupants meet all the conditions. */
  compositionCount(conditions: readonly PersonCondition[]): RawBuilder<unknown> {
    this.composition.used = true;
    const signature = JSON.stringify(conditions);
    let column = this.composition.keys.get(signature);
    if (!column) {
      column = `c${this.composition.keys.size}`;
      this.composition.keys.set(signature, column);
      const member = new RowReader(new Joins('people', this.ctx), MEMBER);
      const inner = and([livesHere(MEMBER), ...conditions.map((c) => personCondition(member, c, this.ctx))]);
      this.composition.columns.push(sql`count(*) FILTER (WHERE ${inner}) AS ${sql.raw(column)}`);
    }
    return sql`coalesce(${sql.ref(`comp.${column}`)}, 0)`;
  }

  /** The FROM clause, once every condition has been read. */
  from(): RawBuilder<unknown> {
    if (!this.composition.used) return relationFrom(this.subject);
    const key = this.subject === 'households' ? PEOPLE_COLUMNS.household : PEOPLE_COLUMNS.dwelling;
    const counts = this.composition.columns.length ? sql`, ${sql.join(this.composition.columns)}` : sql``;
    return sql`${relationFrom(this.subject)} LEFT JOIN (
      SELECT ${sql.ref(`${MEMBER}.${key}`)} AS id, count(*) FILTER (WHERE ${livesHere(MEMBER)}) AS members${counts}
      FROM ${sql.table(PEOPLE.table)} AS ${sql.raw(MEMBER)} WHERE ${this.inPaths(MEMBER)} GROUP BY 1) comp ON comp.id = ${sql.ref(`${this.alias}.id`)}`;
  }
}

/**
 * How a condition reads a record: straight from the row (RowReader), or from
 * the cube cell the row was grouped into (CubeReader). The conditions are
 * written once, against this, and mean the same either way.
 */
interface Reader {
  readonly joins: Joins;
  /** The alias of the relation the record's columns are read from. */
  readonly alias: string;
  /** Born on or before the day (at least n years old, for the day n years before the reference date). */
  bornBy(day: string): RawBuilder<SqlBool>;
  /** Born after the day. */
  bornAfter(day: string): RawBuilder<SqlBool>;
  birthKnown(): RawBuilder<SqlBool>;
  /** sex, residence_status or tags. */
  attribute(column: string): RawBuilder<unknown>;
  /** A condition the reader takes whole (a field's value, when the record was recorded). */
  predicate(row: RawBuilder<SqlBool>, signature: string): RawBuilder<SqlBool>;
  /**
   * Whether the person's household has a living size in the range: the
   * registry keeps the size on the household as its members change, so a
   * report looks it up instead of counting every household's members again.
   */
  householdSize(range: { min?: number; max?: number }): RawBuilder<SqlBool>;
  /** A number from the composition subquery (members or occupants, and how many of them meet conditions). */
  joined(value: RawBuilder<unknown>, signature: string): RawBuilder<unknown>;
}

class RowReader implements Reader {
  constructor(
    readonly joins: Joins,
    readonly alias = joins.alias,
  ) {}

  ref(column: string) {
    return sql.ref(`${this.alias}.${column}`);
  }

  bornBy(day: string) {
    return sql<SqlBool>`${this.ref(PEOPLE_COLUMNS.birthDate)} <= ${day}::date`;
  }

  bornAfter(day: string) {
    return sql<SqlBool>`${this.ref(PEOPLE_COLUMNS.birthDate)} > ${day}::date`;
  }

  birthKnown() {
    return sql<SqlBool>`${this.ref(PEOPLE_COLUMNS.birthDate)} IS NOT NULL`;
  }

  attribute(column: string) {
    return this.ref(column);
  }

  predicate(row: RawBuilder<SqlBool>) {
    return row;
  }

  householdSize(range: { min?: number; max?: number }) {
    return householdSizeWithin(this.alias, range);
  }

  joined(value: RawBuilder<unknown>) {
    return value;
  }
}

/**
 * Reads conditions off cube cells, and collects what the cube must group by.
 * A birth date becomes the earliest day among the limits the conditions name
 * that is on or after it (or infinity): then "born on or before limit L" is
 * "band ≤ L" and "born after L" is "band > L", exactly, for every named L.
 */
class CubeReader implements Reader {
  private readonly cutoffs = new Set<string>();
  private readonly dims = new Map<string, { name: string; expr: RawBuilder<unknown> }>();
  private band = false;
  private ageSum = false;
  private memberSum = false;

  constructor(
    private readonly row: RowReader,
    private readonly referenceDate: string,
    /** The rows some household figure may count; the others skip the household lookup. */
    private readonly householdCandidates: RawBuilder<SqlBool> | null,
  ) {}

  get joins() {
    return this.row.joins;
  }

  get alias() {
    return this.row.alias;
  }

  private cell(name: string) {
    return sql.ref(`${CUBE}.${name}`);
  }

  private dim(signature: string, expr: RawBuilder<unknown>) {
    let dim = this.dims.get(signature);
    if (!dim) {
      dim = { name: `d${this.dims.size}`, expr };
      this.dims.set(signature, dim);
    }
    return this.cell(dim.name);
  }

  bornBy(day: string) {
    this.band = true;
    this.cutoffs.add(day);
    return sql<SqlBool>`${this.cell('birth_band')} <= ${day}::date`;
  }

  bornAfter(day: string) {
    this.band = true;
    this.cutoffs.add(day);
    return sql<SqlBool>`${this.cell('birth_band')} > ${day}::date`;
  }

  birthKnown() {
    this.band = true;
    return sql<SqlBool>`${this.cell('birth_band')} IS NOT NULL`;
  }

  attribute(column: string) {
    return this.dim(`attribute:${column}`, this.row.attribute(column));
  }

  predicate(row: RawBuilder<SqlBool>, signature: string) {
    return this.dim(`predicate:${signature}`, row) as RawBuilder<SqlBool>;
  }

  householdSize(range: { min?: number; max?: number }) {
    const lookup = this.row.householdSize(range);
    const expr = this.householdCandidates ? sql`CASE WHEN ${this.householdCandidates} THEN ${lookup} END` : lookup;
    return this.dim(`household:${JSON.stringify(range)}`, expr) as RawBuilder<SqlBool>;
  }

  joined(value: RawBuilder<unknown>, signature: string) {
    return this.dim(`joined:${signature}`, value);
  }

  /** The household or dwelling (`column`) of each row the filter lets through, none for the others: the values a distinct count counts. */
  distinctOf(column: string, filter: RawBuilder<SqlBool>, signature: string): RawBuilder<unknown> {
    return this.dim(`distinct:${column}:${signature}`, sql`CASE WHEN ${filter} THEN ${this.row.ref(column)} END`);
  }

  /** What one cube cell contributes to an aggregate: its row count, or the sum it carries. */
  total(aggregate: Aggregate): RawBuilder<unknown> {
    if (aggregate.fn !== 'sum') return this.cell('n');
    if (aggregate.of === 'age') {
      this.ageSum = true;
      return this.cell('s_age');
    }
    this.memberSum = true;
    return this.cell('s_members');
  }

  /**
   * The cube over the rows selected by `where`, once every condition has been
   * read: the unit and the grouping columns, the number of rows and the sums
   * some figure needs, per cell.
   */
  build(unit: RawBuilder<unknown>, where: RawBuilder<SqlBool>): RawBuilder<unknown> {
    const columns: Array<{ name: string; expr: RawBuilder<unknown> }> = [{ name: 'unit', expr: unit }, ...this.dims.values()];
    if (this.band) {
      const birth = this.row.ref(PEOPLE_COLUMNS.birthDate);
      const steps = [...this.cutoffs].sort().map((day) => sql`WHEN ${birth} <= ${day}::date THEN ${day}::date`);
      columns.push({ name: 'birth_band', expr: sql`CASE WHEN ${birth} IS NULL THEN NULL ${sql.join(steps, sql` `)} ELSE 'infinity'::date END` });
    }
    const sums: Array<{ name: string; expr: RawBuilder<unknown> }> = [];
    if (this.ageSum) sums.push({ name: 's_age', expr: sql`extract(year FROM age(${this.referenceDate}::date, ${this.row.ref(PEOPLE_COLUMNS.birthDate)}))` });
    if (this.memberSum) sums.push({ name: 's_members', expr: this.row.joins.compositionMembers() });
    const groupBy = sql.join(columns.map((_, i) => sql.raw(String(i + 1))));
    const as = (c: { name: string; expr: RawBuilder<unknown> }) => sql`${c.expr} AS ${sql.raw(c.name)}`;
    // The FROM clause last: the sums above may have asked for the composition join.
    return sql`SELECT ${sql.join(columns.map(as))}, count(*) AS n${sum(sums, (c) => c.expr)} FROM ${this.joins.from()} WHERE ${where} GROUP BY ${groupBy}`;
  }
}

function sum(columns: ReadonlyArray<{ name: string; expr: RawBuilder<unknown> }>, value: (c: { name: string; expr: RawBuilder<unknown> }) => RawBuilder<unknown>) {
  return columns.length ? sql`, ${sql.join(columns.map((c) => sql`sum(${value(c)}) AS ${sql.raw(c.name)}`))}` : sql``;
}

function measureFilter(reader: Reader, measure: Measure, ctx: CompileContext): RawBuilder<SqlBool> {
  const { definition } = measure;
  const parts = [...definition.where, ...measure.extra].map((c) => condition(reader, c, ctx));
  const timing = timingCondition(reader, definition.timing, ctx);
  if (timing) parts.push(timing);
  return parts.length === 0 ? sql<SqlBool>`TRUE` : and(parts);
}

function condition(reader: Reader, c: Condition, ctx: CompileContext): RawBuilder<SqlBool> {
  const { joins } = reader;
  switch (c.kind) {
    case 'field':
      return fieldCondition(reader, joins.subject, c);
    case 'household':
      return reader.householdSize(c.members);
    case 'members':
    case 'occupants': {
      const living = reader.joined(joins.compositionMembers(), 'composition_members');
      const count = (conditions: readonly PersonCondition[]) => reader.joined(joins.compositionCount(conditions), `composition:${JSON.stringify(conditions)}`);
      const parts: RawBuilder<SqlBool>[] = [];
      if (c.count) parts.push(countWithin(living, c.count));
      if (c.any) parts.push(sql<SqlBool>`${count(c.any)} > 0`);
      // "All of them" of nobody is no composition at all: an empty household is not "all elderly".
      if (c.all) parts.push(sql<SqlBool>`(${count(c.all)} = ${living} AND ${living} > 0)`);
      if (c.none) parts.push(sql<SqlBool>`${count(c.none)} = 0`);
      return and(parts);
    }
    default:
      return personCondition(reader, c, ctx);
  }
}

function timingCondition(reader: Reader, timing: Timing, ctx: CompileContext): RawBuilder<SqlBool> | null {
  if (timing.kind === 'point') return null;
  const { start, end } = ctx.period;
  if (timing.event === 'recorded') {
    const row = new RowReader(reader.joins);
    const at = row.ref(STATISTICAL_RELATIONS[reader.joins.subject].recordedAt);
    const within = sql<SqlBool>`(${at} >= ${chinaMidnight(start)} AND ${at} < ${chinaMidnight(addDays(end, 1))})`;
    return reader.predicate(within, `recorded:${start}:${end}`);
  }
  if (timing.event === 'born') return and([reader.bornAfter(addDays(start, -1)), reader.bornBy(end)]);
  // Reached the age during the period: old enough on its last day, not yet on the day before it began.
  const age = timing.age!;
  return and([reader.bornBy(yearsBefore(end, age)), reader.bornAfter(yearsBefore(addDays(start, -1), age))]);
}

/** A condition on one person, as in a definition over people or inside a composition. */
function personCondition(reader: Reader, c: PersonCondition, ctx: CompileContext): RawBuilder<SqlBool> {
  switch (c.kind) {
    case 'age': {
      // Whole years on the reference date, from the birth date: a birthday on the reference date counts.
      const parts: RawBuilder<SqlBool>[] = [];
      if (c.min !== undefined && c.min > 0) parts.push(reader.bornBy(yearsBefore(ctx.referenceDate, c.min)));
      if (c.max !== undefined) parts.push(reader.bornAfter(yearsBefore(ctx.referenceDate, c.max + 1)));
      if (parts.length === 0) parts.push(reader.birthKnown());
      return and(parts);
    }
    case 'sex':
      return sql<SqlBool>`${reader.attribute(STATISTICAL_RELATIONS.people.fields.sex.column)} = ${c.is}`;
    case 'residence':
      return sql<SqlBool>`${reader.attribute(PEOPLE_COLUMNS.residenceStatus)} = ANY(${textArray(c.in)})`;
    case 'tags': {
      const tags = reader.attribute(PEOPLE_COLUMNS.tags);
      // `'x' = ANY(tags)` per tag: about twice as fast as `tags @> ARRAY['x']`.
      const has = (tag: string) => sql<SqlBool>`${tag} = ANY(${tags})`;
      const parts: RawBuilder<SqlBool>[] = [];
      for (const tag of c.all ?? []) parts.push(has(tag));
      if (c.any?.length) parts.push(sql<SqlBool>`(${sql.join(c.any.map(has), sql` OR `)})`);
      for (const tag of c.none ?? []) parts.push(sql<SqlBool>`NOT (${has(tag)})`);
      return and(parts);
    }
    case 'field':
      return fieldCondition(reader, 'people', c);
  }
}

function fieldCondition(reader: Reader, subject: Subject, c: Extract<Condition, { kind: 'field' }>): RawBuilder<SqlBool> {
  const field = STATISTICAL_RELATIONS[subject].fields[c.field];
  if (!field) throw new Error(`${subject} have no statistical field ${c.field}`);
  const column = sql.ref(`${reader.alias}.${field.column}`);
  const list = (values: ReadonlyArray<string | number>) => (field.type === 'integer' ? sql`${values.map(Number)}::int[]` : textArray(values.map(String)));
  let row: RawBuilder<SqlBool>;
  if (c.in) row = sql<SqlBool>`${column} = ANY(${list(c.in)})`;
  // Unknown values are in neither list: `<> ALL` is null, so false, for a null value.
  else if (c.notIn) row = sql<SqlBool>`${column} <> ALL(${list(c.notIn)})`;
  else if (c.known !== undefined) row = c.known ? sql<SqlBool>`${column} IS NOT NULL` : sql<SqlBool>`${column} IS NULL`;
  else {
    const parts: RawBuilder<SqlBool>[] = [];
    if (c.min !== undefined) parts.push(sql<SqlBool>`${column} >= ${c.min}`);
    if (c.max !== undefined) parts.push(sql<SqlBool>`${column} <= ${c.max}`);
    row = and(parts);
  }
  return reader.predicate(row, `field:${JSON.stringify(c)}`);
}

function countWithin(value: RawBuilder<unknown>, range: { min?: number; max?: number }): RawBuilder<SqlBool> {
  const parts: RawBuilder<SqlBool>[] = [];
  if (range.min !== undefined) parts.push(sql<SqlBool>`${value} >= ${range.min}`);
  if (range.max !== undefined) parts.push(sql<SqlBool>`${value} <= ${range.max}`);
  return and(parts);
}

function and(parts: readonly RawBuilder<SqlBool>[]): RawBuilder<SqlBool> {
  if (parts.length === 1) return parts[0];
  return sql<SqlBool>`(${sql.join(parts, sql` AND `)})`;
}

function textArray(values: readonly string[]): RawBuilder<unknown> {
  return sql`${[...values]}::text[]`;
}
