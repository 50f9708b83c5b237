import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../../kernel/clock.js';
import { elderlyCareVisit } from './samples/forms.js';
import { validateSubmission, type PrefillSnapshot } from './session.js';
import type { FormSpec } from './spec.js';
import { bindingsToWriteBack } from './write-back.js';

const clock = fixedClock('2026-03-01T02:00:00Z');

const opened: PrefillSnapshot = {
  'person.name': { value: '张三', source: '公安人口库', asOf: '2025-12-01' },
  'person.birth_date': { value: '1948-06-15', source: '公安人口库', asOf: '2025-12-01' },
  'person.phone': { value: null, source: '民政', asOf: '2024-01-01' },
  'person.tags': { value: [], source: '民政', asOf: '2025-06-30' },
};
const registryAtOpening = Object.fromEntries(Object.entries(opened).map(([field, entry]) => [field, entry.value]));

/** What the server stores for an approved submission: the answers validateSubmission returned. */
function submitted(answers: Record<string, unknown>, prefill: PrefillSnapshot = opened) {
  const check = validateSubmission(
    elderlyCareVisit,
    { living: 'alone', self_care: 'full', visit_date: '2026-03-01', follow_up: 'no', ...answers },
    { clock, prefill },
  );
  expect(check.errors).toEqual([]);
  return check.answers;
}

describe('bindingsToWriteBack', () => {
  it('writes what the registry lacked and the worker filled in', () => {
    const answers = submitted({ phone: '13912345678', care_tags: ['elderly_alone', 'disabled'] });
    expect(bindingsToWriteBack(elderlyCareVisit, answers, opened, registryAtOpening)).toEqual({
      writes: [
        { field: 'person.phone', value: '13912345678', question: 'phone' },
        { field: 'person.tags', value: ['elderly_alone', 'disabled'], question: 'care_tags' },
      ],
      conflicts: [],
    });
  });

  it('writes nothing for read-only pre-filled answers, even if the registry changed since', () => {
    const answers = submitted({});
    expect(bindingsToWriteBack(elderlyCareVisit, answers, opened, { ...registryAtOpening, 'person.name': '张叁' })).toEqual({
      writes: [],
      conflicts: [],
    });
  });

  it('flags a conflict, and does not write, when the registry changed since the form was opened', () => {
    const answers = submitted({ phone: '13912345678' });
    const now = { ...registryAtOpening, 'person.phone': '13800000000' };
    expect(bindingsToWriteBack(elderlyCareVisit, answers, opened, now)).toEqual({
      writes: [],
      conflicts: [{ field: 'person.phone', question: 'phone', answer: '13912345678', openedValue: null, currentValue: '13800000000' }],
    });
  });

  it('writes nothing when the registry meanwhile came to hold the same answer', () => {
    const answers = submitted({ phone: '13912345678', care_tags: ['disabled', 'elderly_alone'] });
    const now = { ...registryAtOpening, 'person.phone': '13912345678', 'person.tags': ['elderly_alone', 'disabled'] };
    expect(bindingsToWriteBack(elderlyCareVisit, answers, opened, now)).toEqual({ writes: [], conflicts: [] });
  });

  it('never writes an empty or irrelevant answer: forms add to the registry, they do not delete', () => {
    const answers = submitted({ phone: null });
    expect(bindingsToWriteBack(elderlyCareVisit, answers, opened, registryAtOpening).writes).toEqual([]);
  });

  it('compares values in the question type, so 2 and "2" agree', () => {
    const spec: FormSpec = {
      settings: { formId: 'grade', defaultLanguage: 'zh' },
      survey: [{ type: 'select_one', listName: 'grades', name: 'grade', label: { zh: '残疾等级' }, registryField: 'person.disability_grade' }],
      choices: ['1', '2', '3', '4'].map((name) => ({ listName: 'grades', name, label: { zh: name } })),
    };
    const snapshot: PrefillSnapshot = { 'person.disability_grade': { value: null, source: '残联', asOf: '2025-01-01' } };
    expect(bindingsToWriteBack(spec, { grade: '2' }, snapshot, { 'person.disability_grade': 2 })).toEqual({ writes: [], conflicts: [] });
    expect(bindingsToWriteBack(spec, { grade: '2' }, snapshot, { 'person.disability_grade': null })).toEqual({
      writes: [{ field: 'person.disability_grade', value: '2', question: 'grade' }],
      conflicts: [],
    });
    expect(bindingsToWriteBack(spec, { grade: '2' }, snapshot, { 'person.disability_grade': 3 }).conflicts).toHaveLength(1);
  });

  it('treats a field absent from the snapshot or the current values as having no value', () => {
    const answers = submitted({ full_name: '张三', birth_date: '1948-06-15', phone: '13912345678' }, {});
    expect(bindingsToWriteBack(elderlyCareVisit, answers, {}, {}).writes.map((write) => write.field)).toEqual([
      'person.name',
      'person.birth_date',
      'person.phone',
    ]);
  });

  it('compares a registry value the question cannot hold only with itself', () => {
    const snapshot: PrefillSnapshot = { ...opened, 'person.birth_date': { value: '1948年', source: 's', asOf: 'd' } };
    const answers = submitted({ birth_date: '1948-06-15' }, snapshot);
    expect(bindingsToWriteBack(elderlyCareVisit, answers, snapshot, { ...registryAtOpening, 'person.birth_date': '1948年' }).writes).toEqual([
      { field: 'person.birth_date', value: '1948-06-15', question: 'birth_date' },
    ]);
    expect(bindingsToWriteBack(elderlyCareVisit, answers, snapshot, { ...registryAtOpening, 'person.birth_date': '1948-06' }).conflicts).toMatchObject([
      { field: 'person.birth_date', openedValue: '1948年', currentValue: '1948-06' },
    ]);
  });
});
