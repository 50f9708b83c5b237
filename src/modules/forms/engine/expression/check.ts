/**
 * Static checks on a parsed expression, run when a form is loaded so that
 * mistakes surface at upload with a position, not when a worker fills the form:
 * unknown questions and functions, wrong argument counts, references that have
 * no single value where they are used, and unsafe or invalid regex() patterns.
 */
import { didYouMean } from '../suggest.js';
import { FUNCTION_NAMES, functionDefinition } from './functions.js';
import type { Expr } from './parser.js';
import { compilePattern } from './safe-regex.js';

/** The column an expression sits in, which decides what it may refer to. */
export type ExpressionRole = 'relevant' | 'required' | 'constraint' | 'calculation' | 'default' | 'choice_filter' | 'label';

/** What `${name}` means from where the expression is evaluated. */
export type Reference =
  /** An answer with one value here: outside any repeat, or in the repeat being evaluated. */
  | { kind: 'value' }
  /** An answer inside a repeat the expression is not in: one value per entry. */
  | { kind: 'across_repeat'; repeat: string }
  | { kind: 'repeat' }
  | { kind: 'group' }
  | { kind: 'note' };

export interface CheckScope {
  role: ExpressionRole;
  /** What a question name refers to, or undefined when no question has that name. */
  resolve(name: string): Reference | undefined;
  /** All question names, for suggestions. */
  names: Iterable<string>;
  /** The choices sheet's columns of the list being filtered (choice_filter only). */
  choiceColumns?: ReadonlySet<string>;
}

export interface ExpressionProblem {
  message: string;
  /** Character in the expression, counting from 1. */
  position: number;
}

export interface CheckResult {
  problems: ExpressionProblem[];
  /** The questions and repeats the expression reads, for ordering calculations. */
  references: Set<string>;
}

const AGGREGATES = new Set(['count', 'sum']);

export function checkExpression(root: Expr, scope: CheckScope): CheckResult {
  const problems: ExpressionProblem[] = [];
  const references = new Set<string>();
  const report = (expr: Expr, message: string): void => {
    problems.push({ message, position: expr.start + 1 });
  };

  function visit(expr: Expr, aggregateArgument: string | null): void {
    switch (expr.kind) {
      case 'number':
      case 'string':
        return;
      case 'field':
        return visitField(expr, aggregateArgument);
      case 'current':
        if (scope.role !== 'constraint') {
          report(expr, "'.' stands for the answer being checked and can only be used in constraint");
        }
        return;
      case 'column':
        return visitColumn(expr);
      case 'negate':
        return visit(expr.operand, null);
      case 'binary':
        visit(expr.left, null);
        visit(expr.right, null);
        return;
      case 'call':
        return visitCall(expr);
    }
  }

  function visitField(expr: Extract<Expr, { kind: 'field' }>, aggregate: string | null) {
    const reference = scope.resolve(expr.name);
    if (!reference) {
      report(expr, `no question is named \${${expr.name}}${didYouMean(expr.name, scope.names, (s) => `\${${s}}`)}`);
      return;
    }
    references.add(expr.name);
    switch (reference.kind) {
      case 'value':
        return;
      case 'group':
        return report(expr, `\${${expr.name}} is a group, which has no value`);
      case 'note':
        return report(expr, `\${${expr.name}} is a note, which has no value`);
      case 'repeat':
        if (aggregate !== 'count') {
          report(expr, `\${${expr.name}} is a repeat: use count(\${${expr.name}}) for its number of entries`);
        }
        return;
      case 'across_repeat':
        if (!aggregate) {
          report(
            expr,
            `\${${expr.name}} is inside the repeat ${reference.repeat} and has one answer per entry: ` +
              `use sum(\${${expr.name}}) or count(\${${expr.name}}), or refer to it from inside the repeat`,
          );
        }
    }
  }

  function visitColumn(expr: Extract<Expr, { kind: 'column' }>) {
    if (scope.role === 'choice_filter') {
      if (!scope.choiceColumns?.has(expr.name)) {
        const columns = [...(scope.choiceColumns ?? [])];
        report(expr, `the choice list has no column '${expr.name}'${didYouMean(expr.name, columns)}; its columns are ${columns.join(', ')}`);
      }
      return;
    }
    const isQuestion = scope.resolve(expr.name) !== undefined;
    report(
      expr,
      isQuestion
        ? `write \${${expr.name}} to use the answer to ${expr.name}`
        : `unknown name '${expr.name}': refer to a question as \${name} and quote text as '${expr.name}'`,
    );
  }

  function visitCall(expr: Extract<Expr, { kind: 'call' }>) {
    const definition = functionDefinition(expr.name);
    if (!definition) {
      report(expr, `unknown function ${expr.name}()${didYouMean(expr.name, FUNCTION_NAMES, (s) => `${s}()`)}`);
      expr.args.forEach((arg) => visit(arg, null));
      return;
    }
    const { minArgs, maxArgs } = definition;
    if (expr.args.length < minArgs || expr.args.length > maxArgs) {
      const expected =
        minArgs === maxArgs ? `${minArgs}` : maxArgs === Infinity ? `at least ${minArgs}` : `${minArgs} or ${maxArgs}`;
      report(expr, `${expr.name}() takes ${expected} argument${expected === '1' ? '' : 's'}, not ${expr.args.length}`);
    }
    if (AGGREGATES.has(expr.name)) {
      const [arg] = expr.args;
      if (arg && arg.kind !== 'field') {
        report(arg, `${expr.name}() takes a question inside a repeat${expr.name === 'count' ? ' or a repeat' : ''}, like ${expr.name}(\${…})`);
      } else if (arg && expr.name === 'sum' && scope.resolve(arg.name)?.kind === 'repeat') {
        report(arg, `sum() adds up the answers to a question; \${${arg.name}} is a repeat (count() counts its entries)`);
        return;
      }
      expr.args.forEach((a) => visit(a, expr.name));
      return;
    }
    if (expr.name === 'regex' && expr.args[1]?.kind === 'string') {
      const compiled = compilePattern(expr.args[1].value);
      if (typeof compiled === 'string') report(expr.args[1], `regex() pattern refused: ${compiled}`);
    }
    expr.args.forEach((arg) => visit(arg, null));
  }

  visit(root, null);
  return { problems, references };
}
