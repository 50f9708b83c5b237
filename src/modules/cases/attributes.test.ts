import { describe, expect, it } from 'vitest';
import { checkAttributeAnswers, type AttributeDefinition } from './attributes.js';

const base = { variable: true, required: false, datatypeDescription: '', order: 0, values: [] };
const questions: AttributeDefinition[] = [
  { ...base, code: 'VOLUME', datatype: 'singlevaluelist', required: true, description: '垃圾量', values: [{ key: 'small', name: '少量' }, { key: 'large', name: '大量' }] },
  { ...base, code: 'COUNT', datatype: 'number', description: '数量' },
  { ...base, code: 'KINDS', datatype: 'multivaluelist', description: '种类', values: [{ key: 'household', name: '生活垃圾' }, { key: 'construction', name: '建筑垃圾' }] },
  { ...base, code: 'SEEN_AT', datatype: 'datetime', description: '发现时间' },
  { ...base, code: 'NOTE', variable: false, datatype: 'text', description: '请拍照上传' },
];

describe('checkAttributeAnswers', () => {
  it('accepts good answers and normalises numbers and lists', () => {
    expect(checkAttributeAnswers(questions, { VOLUME: 'large', COUNT: '3', KINDS: ['household', 'household'], SEEN_AT: '2026-11-30T08:00:00+08:00' })).toEqual({
      ok: true,
      value: { VOLUME: 'large', COUNT: 3, KINDS: ['household'], SEEN_AT: '2026-11-30T08:00:00+08:00' },
    });
    // A single value for a multi-value list, as an HTML form would send it.
    expect(checkAttributeAnswers(questions, { VOLUME: 'small', KINDS: 'construction' })).toEqual({ ok: true, value: { VOLUME: 'small', KINDS: ['construction'] } });
  });

  it('names each bad field', () => {
    const result = checkAttributeAnswers(questions, { COUNT: 'many', KINDS: ['glass'], SEEN_AT: 'yesterday', NOTE: 'x', OTHER: '1' }, 'attribute');
    expect(result).toEqual({
      ok: false,
      issues: [
        { path: 'attribute[NOTE]', message: 'is not a question of this category' },
        { path: 'attribute[OTHER]', message: 'is not a question of this category' },
        { path: 'attribute[VOLUME]', message: 'is required: 垃圾量' },
        { path: 'attribute[COUNT]', message: 'must be a number' },
        { path: 'attribute[KINDS]', message: 'must be among household, construction' },
        { path: 'attribute[SEEN_AT]', message: 'must be an ISO 8601 date and time with a time zone' },
      ],
    });
  });

  it('refuses a value outside a single-value list', () => {
    expect(checkAttributeAnswers(questions, { VOLUME: 'medium' })).toEqual({ ok: false, issues: [{ path: 'attributes[VOLUME]', message: 'must be one of small, large' }] });
  });
});
