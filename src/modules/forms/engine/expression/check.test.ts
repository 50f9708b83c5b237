import { describe, expect, it } from 'vitest';
import { checkExpression, type ExpressionRole, type Reference } from './check.js';
import { parseExpression } from './parser.js';

const REFERENCES: Record<string, Reference> = {
  age: { kind: 'value' },
  tags: { kind: 'value' },
  income: { kind: 'across_repeat', repeat: 'members' },
  members: { kind: 'repeat' },
  health: { kind: 'group' },
  intro: { kind: 'note' },
};

function check(source: string, role: ExpressionRole = 'relevant', choiceColumns?: string[]) {
  return checkExpression(parseExpression(source), {
    role,
    resolve: (name) => REFERENCES[name],
    names: Object.keys(REFERENCES),
    choiceColumns: choiceColumns && new Set(choiceColumns),
  });
}

const messages = (source: string, role?: ExpressionRole, columns?: string[]) => check(source, role, columns).problems.map((p) => p.message);

describe('checkExpression', () => {
  it('accepts a well-formed expression and lists what it reads', () => {
    const result = check("${age} >= 60 and selected(${tags}, 'disabled') and count(${members}) > 1");
    expect(result.problems).toEqual([]);
    expect([...result.references].sort()).toEqual(['age', 'members', 'tags']);
  });

  it('names an unknown question with its position and the likely one', () => {
    const [problem] = check('1 + ${agee}').problems;
    expect(problem).toEqual({ message: 'no question is named ${agee} (did you mean ${age}?)', position: 5 });
  });

  it('names an unknown function with its position and the likely one', () => {
    const [problem] = check('${age} > 1 and coutn-selected(${tags})').problems;
    expect(problem.message).toBe('unknown function coutn-selected() (did you mean count-selected()?)');
    expect(problem.position).toBe(16);
  });

  it.each([
    ['if(1, 2)', 'if() takes 3 arguments, not 2'],
    ['today(1)', 'today() takes 0 arguments, not 1'],
    ['selected(${tags})', 'selected() takes 2 arguments, not 1'],
    ['round()', 'round() takes 1 or 2 arguments, not 0'],
    ['coalesce(${age})', 'coalesce() takes at least 2 arguments, not 1'],
    ['age()', 'age() takes 1 argument, not 0'],
  ])('checks the number of arguments: %s', (source, message) => {
    expect(messages(source)).toEqual([message]);
  });

  it("allows '.' only in constraints", () => {
    expect(messages('. > 1', 'constraint')).toEqual([]);
    expect(messages('. > 1', 'relevant')[0]).toContain("can only be used in constraint");
    expect(messages('. > 1', 'calculation')).toHaveLength(1);
  });

  it('allows bare names only in choice_filter, for the columns the list has', () => {
    expect(messages('community = ${age}', 'choice_filter', ['name', 'community'])).toEqual([]);
    expect(messages('communty = 1', 'choice_filter', ['name', 'community'])[0]).toBe(
      "the choice list has no column 'communty' (did you mean 'community'?); its columns are name, community",
    );
    expect(messages('age > 1')[0]).toBe('write ${age} to use the answer to age');
    expect(messages('yes = 1')[0]).toContain("unknown name 'yes'");
  });

  it('explains references with no single value', () => {
    expect(messages('${health} = 1')[0]).toBe('${health} is a group, which has no value');
    expect(messages('${intro} = 1')[0]).toBe('${intro} is a note, which has no value');
    expect(messages('${members} > 1')[0]).toContain('use count(${members})');
    expect(messages('${income} > 1')[0]).toContain('inside the repeat members');
  });

  it('lets count() and sum() reach across a repeat, and nothing else', () => {
    expect(messages('sum(${income}) + count(${income}) + count(${members})')).toEqual([]);
    expect(messages('sum(${members})')[0]).toContain('is a repeat');
    expect(messages('count(1 + 1)')[0]).toContain('count() takes a question inside a repeat or a repeat');
    expect(messages('concat(${income})')[0]).toContain('inside the repeat members');
  });

  it('refuses an unsafe or invalid regex pattern written in the form, at the pattern', () => {
    const [problem] = check("regex(., '^(a+)+$')", 'constraint').problems;
    expect(problem.message).toContain('regex() pattern refused: a repeated group');
    expect(problem.position).toBe(10);
    expect(messages("regex(., '[')", 'constraint')[0]).toContain('not a valid regular expression');
  });

  it('reports every problem, not just the first', () => {
    expect(messages('${nope} + frob(1) + if(1)')).toHaveLength(3);
  });
});
