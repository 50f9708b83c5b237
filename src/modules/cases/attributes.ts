/**
 * Category-specific questions ("attributes" in Open311 service definitions):
 * what a category asks when a problem is reported, and checking the answers.
 */
import { z } from 'zod';
import type { FieldIssue } from '../../kernel/errors.js';

export const ATTRIBUTE_DATATYPES = ['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist'] as const;

export const attributeDefinitionSchema = z.strictObject({
  code: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, 'letters, digits, _ and - only'),
  /** false for an informational line that asks nothing. */
  variable: z.boolean(),
  datatype: z.enum(ATTRIBUTE_DATATYPES),
  required: z.boolean(),
  datatypeDescription: z.string().max(200).default(''),
  order: z.number().int().min(0),
  description: z.string().min(1).max(500),
  values: z.array(z.strictObject({ key: z.string().min(1).max(60), name: z.string().min(1).max(200) })).default([]),
});
export type AttributeDefinition = z.infer<typeof attributeDefinitionSchema>;

export type AttributeAnswer = string | number | string[];
export type AttributeAnswers = Record<string, AttributeAnswer>;

/**
 * Check answers against a category's questions. Returns the answers to store
 * (numbers as numbers, lists as lists) or the problems, each naming its field
 * as `<prefix>[CODE]`.
 */
export function checkAttributeAnswers(
  definitions: readonly AttributeDefinition[],
  answers: Record<string, unknown>,
  prefix = 'attributes',
): { ok: true; value: AttributeAnswers } | { ok: false; issues: FieldIssue[] } {
  const issues: FieldIssue[] = [];
  const value: AttributeAnswers = {};
  const known = new Map(definitions.filter((d) => d.variable).map((d) => [d.code, d]));
  for (const code of Object.keys(answers)) {
    if (!known.has(code)) issues.push({ path: `${prefix}[${code}]`, message: 'is not a question of this category' });
  }
  for (const definition of known.values()) {
    const path = `${prefix}[${definition.code}]`;
    const given = answers[definition.code];
    const empty = given === undefined || given === null || given === '' || (Array.isArray(given) && given.length === 0);
    if (empty) {
      if (definition.required) issues.push({ path, message: `is required: ${definition.description}` });
      continue;
    }
    const checked = checkOne(definition, given);
    if (typeof checked === 'string') issues.push({ path, message: checked });
    else value[definition.code] = checked.value;
  }
  return issues.length > 0 ? { ok: false, issues } : { ok: true, value };
}

function checkOne(definition: AttributeDefinition, given: unknown): string | { value: AttributeAnswer } {
  const keys = definition.values.map((v) => v.key);
  const scalar = Array.isArray(given) ? (given.length === 1 ? given[0] : undefined) : given;
  switch (definition.datatype) {
    case 'string':
    case 'text':
      if (typeof scalar !== 'string') return 'must be text';
      return scalar.length > (definition.datatype === 'string' ? 200 : 4000) ? 'is too long' : { value: scalar };
    case 'number': {
      const n = typeof scalar === 'number' ? scalar : typeof scalar === 'string' && scalar.trim() !== '' ? Number(scalar) : Number.NaN;
      return Number.isFinite(n) ? { value: n } : 'must be a number';
    }
    case 'datetime':
      return typeof scalar === 'string' && !Number.isNaN(Date.parse(scalar)) && /[zZ]|[+-]\d{2}:?\d{2}$/.test(scalar)
        ? { value: scalar }
        : 'must be an ISO 8601 date and time with a time zone';
    case 'singlevaluelist':
      return typeof scalar === 'string' && keys.includes(scalar) ? { value: scalar } : `must be one of ${keys.join(', ')}`;
    case 'multivaluelist': {
      const list = Array.isArray(given) ? given : [given];
      const bad = list.filter((v) => typeof v !== 'string' || !keys.includes(v));
      return bad.length === 0 ? { value: [...new Set(list as string[])] } : `must be among ${keys.join(', ')}`;
    }
  }
}
