/**
 * Interprets a parsed expression over the answers of a form.
 *
 * Total by construction: every operator and function is defined for every
 * value (NaN, empty strings and false stand in for "no answer"), so evaluating
 * a checked expression never throws, whatever a submission contains.
 */
import { functionDefinition, type FunctionContext } from './functions.js';
import type { BinaryOperator, Expr } from './parser.js';
import { DateValue, toBoolean, toDate, toNumber, type Value } from './values.js';

export interface Environment extends FunctionContext {
  /** The answer to a question as seen from where the expression is evaluated; '' when empty. */
  field(name: string): Value;
  /** Every answer to a question, or one entry per instance of a repeat, as count() and sum() see them. */
  fieldValues(name: string): Value[];
  /** `.`: the answer a constraint is checking. */
  current(): Value;
  /** A column of the choice a choice_filter is deciding on. */
  column(name: string): Value;
}

export function evaluate(expr: Expr, env: Environment): Value {
  switch (expr.kind) {
    case 'number':
    case 'string':
      return expr.value;
    case 'field':
      return env.field(expr.name);
    case 'current':
      return env.current();
    case 'column':
      return env.column(expr.name);
    case 'negate':
      return -toNumber(evaluate(expr.operand, env));
    case 'binary':
      return evaluateBinary(expr.op, expr.left, expr.right, env);
    case 'call':
      return evaluateCall(expr.name, expr.args, env);
  }
}

export function evaluateBoolean(expr: Expr, env: Environment): boolean {
  return toBoolean(evaluate(expr, env));
}

function evaluateBinary(op: BinaryOperator, leftExpr: Expr, rightExpr: Expr, env: Environment): Value {
  if (op === 'and') return evaluateBoolean(leftExpr, env) && evaluateBoolean(rightExpr, env);
  if (op === 'or') return evaluateBoolean(leftExpr, env) || evaluateBoolean(rightExpr, env);
  const left = evaluate(leftExpr, env);
  const right = evaluate(rightExpr, env);
  switch (op) {
    case '+':
      return toNumber(left) + toNumber(right);
    case '-':
      return toNumber(left) - toNumber(right);
    case '*':
      return toNumber(left) * toNumber(right);
    case 'div':
      return toNumber(left) / toNumber(right);
    case 'mod':
      return toNumber(left) % toNumber(right);
    default:
      return compare(op, left, right);
  }
}

/**
 * XPath 1.0 comparison, extended to dates as JavaRosa does:
 * - = and != compare as booleans if either side is one, else as dates if either
 *   side is a date, else as numbers if either side is a number, else as strings;
 * - < <= > >= compare as dates if either side is a date, else as numbers
 *   (so 'b' > 'a' is false, as in XPath: text has no order here).
 * A side that does not convert (an empty answer, text that is not a date or
 * number) makes every comparison false except !=.
 */
function compare(op: '=' | '!=' | '<' | '<=' | '>' | '>=', left: Value, right: Value): boolean {
  if (op === '=' || op === '!=') {
    let equal: boolean;
    if (typeof left === 'boolean' || typeof right === 'boolean') equal = toBoolean(left) === toBoolean(right);
    else if (left instanceof DateValue || right instanceof DateValue) equal = sameDay(left, right);
    else if (typeof left === 'number' || typeof right === 'number') equal = toNumber(left) === toNumber(right);
    else equal = left === right;
    return op === '=' ? equal : !equal;
  }
  let a: number;
  let b: number;
  if (left instanceof DateValue || right instanceof DateValue) {
    a = toDate(left)?.days ?? NaN;
    b = toDate(right)?.days ?? NaN;
  } else {
    a = toNumber(left);
    b = toNumber(right);
  }
  switch (op) {
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    case '>=':
      return a >= b;
  }
}

function sameDay(left: Value, right: Value): boolean {
  const a = toDate(left);
  const b = toDate(right);
  return a !== null && b !== null && a.days === b.days;
}

function evaluateCall(name: string, args: Expr[], env: Environment): Value {
  switch (name) {
    case 'if':
      return evaluateBoolean(args[0], env) ? evaluate(args[1], env) : evaluate(args[2], env);
    case 'count':
      return nodesetOf(args[0], env).length;
    case 'sum':
      // XPath sum(): one NaN makes the sum NaN, but an unanswered question in a repeat counts as nothing.
      return nodesetOf(args[0], env)
        .filter((value) => value !== '')
        .reduce<number>((total, value) => total + toNumber(value), 0);
  }
  const definition = functionDefinition(name);
  // Unknown names are rejected when the form is loaded; this keeps evaluation total regardless.
  if (!definition?.compute) return '';
  return definition.compute(
    args.map((arg) => evaluate(arg, env)),
    env,
  );
}

function nodesetOf(arg: Expr | undefined, env: Environment): Value[] {
  return arg?.kind === 'field' ? env.fieldValues(arg.name) : [];
}
