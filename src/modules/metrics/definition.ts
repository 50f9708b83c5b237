/**
 * The statistical definition language (统计口径): what a metric counts, as data.
 * A definition names a subject (people, households, dwellings, organisations),
 * the conditions a record must meet, the aggregation, and whether the figure
 * is a point-in-time stock (时点) or a flow over the report's period (时期);
 * or it is the ratio of two other metrics. It is validated here and compiled
 * to parameterised SQL in compiler.ts — no SQL is ever taken from a user.
 */
import { z } from 'zod';
import { errors } from '../../kernel/errors.js';
import { STATISTICAL_RELATIONS, STATISTICAL_SUBJECTS, type StatisticalSubject } from '../registry/statistics.js';

export const SUBJECTS = STATISTICAL_SUBJECTS;
export type Subject = StatisticalSubject;

export const RESIDENCE_STATUSES = ['registered', 'floating', 'left'] as const;
export type ResidenceStatus = (typeof RESIDENCE_STATUSES)[number];

export const metricCode = z.string().regex(/^[a-z][a-z0-9_]{1,62}$/, 'lower-case letters, digits and _, starting with a letter (2–63 characters)');
const tagCode = z.string().regex(/^[a-z][a-z0-9_]*$/, 'a tag code from the tag dictionary');
const years = z.int().min(0).max(150);

/** Age in whole years (周岁) on the report's reference date; both bounds inclusive. */
const ageCondition = z
  .object({ kind: z.literal('age'), min: years.optional(), max: years.optional() })
  .refine((c) => c.min !== undefined || c.max !== undefined, 'give min, max or both')
  .refine((c) => c.min === undefined || c.max === undefined || c.min <= c.max, 'min must not exceed max');

const sexCondition = z.object({ kind: z.literal('sex'), is: z.enum(['male', 'female']) });

const residenceCondition = z.object({ kind: z.literal('residence'), in: z.array(z.enum(RESIDENCE_STATUSES)).min(1) });

/** all: every one of these tags; any: at least one; none: not one of them. */
const tagsCondition = z
  .object({ kind: z.literal('tags'), all: z.array(tagCode).optional(), any: z.array(tagCode).optional(), none: z.array(tagCode).optional() })
  .refine((c) => (c.all?.length ?? 0) + (c.any?.length ?? 0) + (c.none?.length ?? 0) > 0, 'name at least one tag');

const fieldValue = z.union([z.string().min(1).max(100), z.number()]);
/**
 * A value of one of the subject's fields (statistics.ts names them): in a
 * list, not in it (a record whose value is unknown is in neither), within a
 * range, or known / unknown.
 */
const fieldCondition = z
  .object({
    kind: z.literal('field'),
    field: z.string().min(1).max(63),
    in: z.array(fieldValue).min(1).max(200).optional(),
    notIn: z.array(fieldValue).min(1).max(200).optional(),
    min: z.number().optional(),
    max: z.number().optional(),
    known: z.boolean().optional(),
  })
  .refine(
    (c) => [c.in !== undefined, c.notIn !== undefined, c.min !== undefined || c.max !== undefined, c.known !== undefined].filter(Boolean).length === 1,
    'give exactly one of in, notIn, min/max or known',
  );

const count = z.object({ min: z.int().min(0).optional(), max: z.int().min(0).optional() }).refine((c) => c.min !== undefined || c.max !== undefined, 'give min, max or both');

export const personCondition = z.union([ageCondition, sexCondition, residenceCondition, tagsCondition, fieldCondition]);
export type PersonCondition = z.infer<typeof personCondition>;

/** People only: the number of people living in the person's household (the person included). */
const householdCondition = z.object({ kind: z.literal('household'), members: count });

/**
 * Households (members) and dwellings (occupants): composition over the people
 * living there — how many, and conditions that some, all or none of them meet.
 */
const compositionOf = <K extends 'members' | 'occupants'>(kind: K) =>
  z
    .object({
      kind: z.literal(kind),
      count: count.optional(),
      any: z.array(personCondition).min(1).optional(),
      all: z.array(personCondition).min(1).optional(),
      none: z.array(personCondition).min(1).optional(),
    })
    .refine((c) => c.count || c.any || c.all || c.none, 'give count, any, all or none');

export const condition = z.union([ageCondition, sexCondition, residenceCondition, tagsCondition, fieldCondition, householdCondition, compositionOf('members'), compositionOf('occupants')]);
export type Condition = z.infer<typeof condition>;
export type ConditionKind = Condition['kind'];

export const timing = z.discriminatedUnion('kind', [
  /** A stock on the reference date (时点). */
  z.object({ kind: z.literal('point') }),
  /**
   * A flow within the report's period (时期): records born, first recorded by
   * the registry, or reaching an age during the period.
   */
  z.object({ kind: z.literal('period'), event: z.enum(['born', 'recorded', 'reached_age']), age: years.optional() }),
]);
export type Timing = z.infer<typeof timing>;

export const aggregate = z.discriminatedUnion('fn', [
  z.object({ fn: z.literal('count') }),
  /** People only: how many different households or dwellings the counted people belong to. */
  z.object({ fn: z.literal('count_distinct'), of: z.enum(['household', 'dwelling']) }),
  /** age (people, in whole years on the reference date), members (households), occupants (dwellings). */
  z.object({ fn: z.literal('sum'), of: z.enum(['age', 'members', 'occupants']) }),
]);
export type Aggregate = z.infer<typeof aggregate>;

const measureDefinition = z.object({
  kind: z.literal('measure'),
  subject: z.enum(SUBJECTS),
  timing: timing.default({ kind: 'point' }),
  where: z.array(condition).max(30).default([]),
  aggregate: aggregate.default({ fn: 'count' }),
});

const ratioDefinition = z.object({
  kind: z.literal('ratio'),
  numerator: metricCode,
  denominator: metricCode,
  /** 100 for a percentage, 1000 for a per-mille rate (‰). */
  per: z.union([z.literal(1), z.literal(100), z.literal(1000)]).default(100),
});

export type MeasureDefinition = z.infer<typeof measureDefinition>;
export type RatioDefinition = z.infer<typeof ratioDefinition>;
export type MetricDefinition = MeasureDefinition | RatioDefinition;

const ALLOWED_CONDITIONS: Record<Subject, readonly ConditionKind[]> = {
  people: ['age', 'sex', 'residence', 'tags', 'field', 'household'],
  households: ['field', 'members'],
  dwellings: ['field', 'occupants'],
  organisations: ['field'],
};

const ALLOWED_AGGREGATES: Record<Subject, readonly string[]> = {
  people: ['count', 'count_distinct', 'sum:age'],
  households: ['count', 'sum:members'],
  dwellings: ['count', 'sum:occupants'],
  organisations: ['count'],
};

/** The definition language with the rules that depend on the subject: which conditions, fields, aggregates and events apply. */
export const metricDefinition = z.discriminatedUnion('kind', [measureDefinition, ratioDefinition]).superRefine((d, ctx) => {
  if (d.kind === 'ratio') {
    if (d.numerator === d.denominator) ctx.addIssue({ code: 'custom', path: ['denominator'], message: 'numerator and denominator must be different metrics' });
    return;
  }
  d.where.forEach((c, i) => checkCondition(d.subject, c, ['where', i], ctx));
  const aggregateKey = d.aggregate.fn === 'sum' ? `sum:${d.aggregate.of}` : d.aggregate.fn;
  if (!ALLOWED_AGGREGATES[d.subject].includes(aggregateKey)) {
    ctx.addIssue({ code: 'custom', path: ['aggregate'], message: `${describeAggregateKey(aggregateKey)} does not apply to ${d.subject}` });
  }
  if (d.timing.kind === 'period') {
    if (d.timing.event !== 'recorded' && d.subject !== 'people') ctx.addIssue({ code: 'custom', path: ['timing', 'event'], message: `${d.timing.event} applies to people only` });
    if ((d.timing.event === 'reached_age') !== (d.timing.age !== undefined)) ctx.addIssue({ code: 'custom', path: ['timing', 'age'], message: 'reached_age needs an age, and only it takes one' });
  }
});

function describeAggregateKey(key: string): string {
  return key.startsWith('sum:') ? `sum of ${key.slice(4)}` : key;
}

type Path = Array<string | number>;

function checkCondition(subject: Subject, c: Condition, path: Path, ctx: z.RefinementCtx) {
  if (!ALLOWED_CONDITIONS[subject].includes(c.kind)) {
    ctx.addIssue({ code: 'custom', path: [...path, 'kind'], message: `${c.kind} conditions do not apply to ${subject}` });
    return;
  }
  if (c.kind === 'field') checkField(subject, c, path, ctx);
  if (c.kind === 'members' || c.kind === 'occupants') {
    for (const part of ['any', 'all', 'none'] as const) c[part]?.forEach((p, i) => checkCondition('people', p, [...path, part, i], ctx));
  }
}

function checkField(subject: Subject, c: Extract<Condition, { kind: 'field' }>, path: Path, ctx: z.RefinementCtx) {
  const field = STATISTICAL_RELATIONS[subject].fields[c.field];
  if (!field) {
    ctx.addIssue({ code: 'custom', path: [...path, 'field'], message: `${subject} have no field ${c.field}; fields: ${Object.keys(STATISTICAL_RELATIONS[subject].fields).join(', ')}` });
    return;
  }
  const values = [...(c.in ?? []), ...(c.notIn ?? [])];
  const wrongType = field.type === 'integer' ? values.some((v) => typeof v !== 'number' || !Number.isInteger(v)) : values.some((v) => typeof v !== 'string');
  if (wrongType) ctx.addIssue({ code: 'custom', path: [...path, c.in ? 'in' : 'notIn'], message: `${c.field} takes ${field.type === 'integer' ? 'whole numbers' : 'text'}` });
  if ((c.min !== undefined || c.max !== undefined) && field.type !== 'integer') ctx.addIssue({ code: 'custom', path: [...path, 'min'], message: `${c.field} is text: use in or notIn` });
}

/** The tag codes a definition names, to check against the tag dictionary. */
export function tagsNamed(definition: MetricDefinition): string[] {
  if (definition.kind === 'ratio') return [];
  const found = new Set<string>();
  const visit = (c: Condition) => {
    if (c.kind === 'tags') for (const t of [...(c.all ?? []), ...(c.any ?? []), ...(c.none ?? [])]) found.add(t);
    if (c.kind === 'members' || c.kind === 'occupants') for (const p of [...(c.any ?? []), ...(c.all ?? []), ...(c.none ?? [])]) visit(p);
  };
  definition.where.forEach(visit);
  return [...found].sort();
}

/** A definition as the services take it: checked against the language, defaults filled in. */
export function parseDefinition(value: unknown, path = 'definition'): MetricDefinition {
  const parsed = metricDefinition.safeParse(value);
  if (parsed.success) return parsed.data;
  throw errors.validation(parsed.error.issues.map((i) => ({ path: [path, ...i.path].join('.'), message: i.message })));
}

/** A definition as written (JSON), before defaults are filled in. */
export type MetricDefinitionInput = z.input<typeof metricDefinition>;
