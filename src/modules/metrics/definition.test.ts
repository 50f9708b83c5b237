import { describe, expect, it } from 'vitest';
import { AppError } from '../../kernel/errors.js';
import { metricDefinition, parseDefinition, tagsNamed } from './definition.js';

const issues = (value: unknown) => {
  const parsed = metricDefinition.safeParse(value);
  return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('the statistical definition language', () => {
  it('fills in a point-in-time count over no conditions by default', () => {
    expect(parseDefinition({ kind: 'measure', subject: 'people' })).toEqual({
      kind: 'measure',
      subject: 'people',
      timing: { kind: 'point' },
      where: [],
      aggregate: { fn: 'count' },
    });
  });

  it('refuses conditions, fields and aggregates that do not apply to the subject', () => {
    expect(issues({ kind: 'measure', subject: 'dwellings', where: [{ kind: 'age', min: 60 }] })).toEqual(['where.0.kind: age conditions do not apply to dwellings']);
    expect(issues({ kind: 'measure', subject: 'people', where: [{ kind: 'field', field: 'name', in: ['张三'] }] })[0]).toMatch(/people have no field name/);
    expect(issues({ kind: 'measure', subject: 'households', aggregate: { fn: 'count_distinct', of: 'household' } })).toEqual(['aggregate: count_distinct does not apply to households']);
    expect(issues({ kind: 'measure', subject: 'people', where: [{ kind: 'field', field: 'disability_grade', in: ['一级'] }] })).toEqual(['where.0.in: disability_grade takes whole numbers']);
  });

  it('checks the conditions inside a household composition as conditions on people', () => {
    expect(issues({ kind: 'measure', subject: 'households', where: [{ kind: 'members', all: [{ kind: 'field', field: 'use', in: ['rented'] }] }] })[0]).toMatch(/people have no field use/);
    expect(issues({ kind: 'measure', subject: 'households', where: [{ kind: 'members', all: [{ kind: 'age', min: 60 }] }] })).toEqual([]);
  });

  it('asks for an age exactly when the period event is reaching one', () => {
    expect(issues({ kind: 'measure', subject: 'people', timing: { kind: 'period', event: 'reached_age' } })).toEqual(['timing.age: reached_age needs an age, and only it takes one']);
    expect(issues({ kind: 'measure', subject: 'dwellings', timing: { kind: 'period', event: 'born' } })).toEqual(['timing.event: born applies to people only']);
  });

  it('rejects a ratio of a metric to itself and empty or inverted ranges', () => {
    expect(issues({ kind: 'ratio', numerator: 'a_b', denominator: 'a_b' })).toEqual(['denominator: numerator and denominator must be different metrics']);
    expect(issues({ kind: 'measure', subject: 'people', where: [{ kind: 'age' }] })).toEqual(['where.0: give min, max or both']);
    expect(issues({ kind: 'measure', subject: 'people', where: [{ kind: 'age', min: 70, max: 60 }] })).toEqual(['where.0: min must not exceed max']);
  });

  it('turns a bad definition into field-level validation errors', () => {
    try {
      parseDefinition({ kind: 'measure', subject: 'people', where: [{ kind: 'sex', is: 'x' }] });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).message).toMatch(/^definition\.where\.0/);
    }
  });

  it('lists the tags a definition names, inside compositions too', () => {
    const definition = parseDefinition({
      kind: 'measure',
      subject: 'households',
      where: [{ kind: 'members', any: [{ kind: 'tags', all: ['low_income'], none: ['veteran'] }] }],
    });
    expect(tagsNamed(definition)).toEqual(['low_income', 'veteran']);
  });
});
