import { describe, expect, it } from 'vitest';
import { AppError } from '../../kernel/errors.js';
import { ageOn } from './drill-down.js';
import { checkAnswers } from './fill-tasks.js';

const task = {
  rows: [{ key: 'A', label: '上保社区' }],
  columns: [
    { key: 'visits', label: '上门服务人次', path: ['上门服务人次'], type: 'integer' as const },
    { key: 'paid', label: '发放金额', path: ['发放金额'], type: 'decimal' as const },
    { key: 'remark', label: '说明', path: ['说明'], type: 'text' as const },
  ],
};

describe('fill-in answers', () => {
  it('takes every field of every row in its type', () => {
    expect(checkAnswers(task, { A: { visits: 12, paid: 3050.5, remark: ' 已核实 ' } })).toEqual({ A: { visits: 12, paid: 3050.5, remark: '已核实' } });
  });

  it('names each missing, mistyped or unknown field', () => {
    try {
      checkAnswers(task, { A: { visits: 1.5, extra: 1 }, B: {} });
      expect.unreachable();
    } catch (error) {
      const paths = ((error as AppError).details as { issues: Array<{ path: string }> }).issues.map((i) => i.path);
      expect(paths).toEqual(['answers.B', 'answers.A.extra', 'answers.A.visits', 'answers.A.paid', 'answers.A.remark']);
    }
  });
});

describe('ages on a reference date', () => {
  it('counts the birthday itself, and a 29 February birthday from 1 March in common years', () => {
    expect(ageOn('1966-07-01', '2026-07-01')).toBe(60);
    expect(ageOn('1966-07-02', '2026-07-01')).toBe(59);
    expect(ageOn('2000-02-29', '2019-02-28')).toBe(18);
    expect(ageOn('2000-02-29', '2019-03-01')).toBe(19);
  });
});
