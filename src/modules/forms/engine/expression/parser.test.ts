import { describe, expect, it } from 'vitest';
import { ExpressionError, MAX_EXPRESSION_LENGTH, parseExpression, type Expr } from './parser.js';

/** The tree without positions, as a compact string: (op left right), f(args). */
function shape(expr: Expr): string {
  switch (expr.kind) {
    case 'number':
      return String(expr.value);
    case 'string':
      return `'${expr.value}'`;
    case 'field':
      return `\${${expr.name}}`;
    case 'current':
      return '.';
    case 'column':
      return expr.name;
    case 'negate':
      return `(- ${shape(expr.operand)})`;
    case 'binary':
      return `(${expr.op} ${shape(expr.left)} ${shape(expr.right)})`;
    case 'call':
      return `${expr.name}(${expr.args.map(shape).join(', ')})`;
  }
}

function errorOf(source: string): { message: string; position: number } {
  try {
    parseExpression(source);
  } catch (error) {
    expect(error).toBeInstanceOf(ExpressionError);
    const { message, position } = error as ExpressionError;
    return { message, position };
  }
  throw new Error(`expected ${source} not to parse`);
}

describe('parseExpression', () => {
  it('reads literals, references, the current value and bare names', () => {
    expect(shape(parseExpression('42'))).toBe('42');
    expect(shape(parseExpression('3.25'))).toBe('3.25');
    expect(shape(parseExpression('.5'))).toBe('0.5');
    expect(shape(parseExpression("'他说'"))).toBe("'他说'");
    expect(shape(parseExpression(`"it's"`))).toBe(`'it's'`);
    expect(shape(parseExpression('${age}'))).toBe('${age}');
    expect(shape(parseExpression('${ age }'))).toBe('${age}');
    expect(shape(parseExpression('.'))).toBe('.');
    expect(shape(parseExpression('community'))).toBe('community');
  });

  it('reads function calls with zero, one and several arguments, including hyphenated names', () => {
    expect(shape(parseExpression('today()'))).toBe('today()');
    expect(shape(parseExpression('count-selected(${tags})'))).toBe('count-selected(${tags})');
    expect(shape(parseExpression("concat(${a}, '-', ${b})"))).toBe("concat(${a}, '-', ${b})");
    expect(shape(parseExpression('string-length( . )'))).toBe('string-length(.)');
  });

  it('binds as XPath does: or < and < equality < relational < additive < multiplicative < unary minus', () => {
    expect(shape(parseExpression('1 or 2 and 3'))).toBe('(or 1 (and 2 3))');
    expect(shape(parseExpression('1 and 2 = 3'))).toBe('(and 1 (= 2 3))');
    expect(shape(parseExpression('1 = 2 < 3'))).toBe('(= 1 (< 2 3))');
    expect(shape(parseExpression('1 < 2 + 3'))).toBe('(< 1 (+ 2 3))');
    expect(shape(parseExpression('1 + 2 * 3'))).toBe('(+ 1 (* 2 3))');
    expect(shape(parseExpression('1 - 2 div 3 mod 4'))).toBe('(- 1 (mod (div 2 3) 4))');
    expect(shape(parseExpression('-2 * 3'))).toBe('(* (- 2) 3)');
  });

  it('groups operators of equal precedence to the left', () => {
    expect(shape(parseExpression('1 - 2 - 3'))).toBe('(- (- 1 2) 3)');
    expect(shape(parseExpression('8 div 4 div 2'))).toBe('(div (div 8 4) 2)');
    expect(shape(parseExpression('1 != 2 = 3'))).toBe('(= (!= 1 2) 3)');
  });

  it('lets parentheses override precedence', () => {
    expect(shape(parseExpression('(1 + 2) * 3'))).toBe('(* (+ 1 2) 3)');
    expect(shape(parseExpression('(1 or 2) and 3'))).toBe('(and (or 1 2) 3)');
  });

  it('reads minus as subtraction after a value and as negation before one', () => {
    expect(shape(parseExpression('2 - -2'))).toBe('(- 2 (- 2))');
    expect(shape(parseExpression('${a}-1'))).toBe('(- ${a} 1)');
    expect(shape(parseExpression('- - 2'))).toBe('(- (- 2))');
  });

  it('reads all comparison operators', () => {
    for (const op of ['=', '!=', '<', '<=', '>', '>=']) {
      expect(shape(parseExpression(`. ${op} 1`))).toBe(`(${op} . 1)`);
    }
  });

  it('records where each node starts', () => {
    const expr = parseExpression('1 + ${x}');
    expect(expr.kind === 'binary' && expr.right.start).toBe(4);
  });

  describe('errors, with the character position an author can find', () => {
    it.each([
      ['', 1, 'the expression is empty'],
      ['1 +', 4, 'ends where a value is expected'],
      ['${age', 1, "'${' is not closed"],
      ['${1st}', 1, 'does not name a question'],
      ["'abc", 1, 'not closed'],
      ['(1 + 2', 7, "expected ')' to close the '(' at character 1"],
      ['concat(1 2)', 10, "expected ',' or ')' in the call to concat()"],
      ['1 2', 3, 'expected an operator or the end of the expression, found a number'],
      ['1 # 2', 3, "unexpected character '#'"],
      ['and 1', 1, "'and' needs something on its left"],
      ['1 + )', 5, "expected a value, found ')'"],
    ])('%j at character %i', (source, position, message) => {
      const error = errorOf(source);
      expect(error.message).toContain(message);
      expect(error.position).toBe(position);
    });

    it.each([
      ['${a} == 1', '=='],
      ['${a} && ${b}', 'and'],
      ['${a} || ${b}', 'or'],
      ['${a} <> 1', '!='],
      ['!${a}', 'not('],
      ['${a} % 2', 'mod'],
      ['${a} / 2', 'div'],
    ])('explains the XPath spelling for %j', (source, hint) => {
      expect(errorOf(source).message).toContain(hint);
    });

    it('refuses over-long and over-deep expressions instead of exhausting the stack', () => {
      expect(errorOf('1+'.repeat(MAX_EXPRESSION_LENGTH)).message).toContain('longer than');
      expect(errorOf(`${'('.repeat(60)}1${')'.repeat(60)}`).message).toContain('nested');
      expect(errorOf(`${'-'.repeat(60)}1`).message).toContain('nested');
    });
  });
});
