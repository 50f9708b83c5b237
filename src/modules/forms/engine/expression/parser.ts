/**
 * Tokenizer and Pratt parser for the XLSForm expression language (XPath 1.0
 * flavoured): `${field}`, `.`, numbers, strings, = != < <= > >=, and / or,
 * + - * div mod, unary minus, parentheses and function calls.
 *
 * Expressions are parsed into a tree and interpreted (see evaluate.ts); nothing
 * is ever turned into JavaScript source, so a form cannot run code.
 */

export type BinaryOperator = 'or' | 'and' | '=' | '!=' | '<' | '<=' | '>' | '>=' | '+' | '-' | '*' | 'div' | 'mod';

interface Span {
  /** Offset of the first character in the source (0-based). */
  start: number;
}

export type Expr =
  | (Span & { kind: 'number'; value: number })
  | (Span & { kind: 'string'; value: string })
  /** `${name}`: the answer to another question. */
  | (Span & { kind: 'field'; name: string })
  /** `.`: the answer being checked by a constraint. */
  | (Span & { kind: 'current' })
  /** A bare name: a column of the choices sheet, only meaningful in choice_filter. */
  | (Span & { kind: 'column'; name: string })
  | (Span & { kind: 'call'; name: string; args: Expr[] })
  | (Span & { kind: 'negate'; operand: Expr })
  | (Span & { kind: 'binary'; op: BinaryOperator; left: Expr; right: Expr });

/** A problem in an expression; `position` counts characters from 1, as an author reads the cell. */
export class ExpressionError extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(message);
    this.name = 'ExpressionError';
  }
}

/** Longer expressions are a sign of a form that should be restructured, and bound the parser's work. */
export const MAX_EXPRESSION_LENGTH = 2000;
/** Deep nesting would otherwise exhaust the stack of this recursive parser. */
const MAX_NESTING = 40;

/** Question names: letters, digits and underscores, so that answer paths like `members[2].phone` stay unambiguous. */
export const NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;

type Token =
  | (Span & { kind: 'number'; value: number })
  | (Span & { kind: 'string'; value: string })
  | (Span & { kind: 'field'; name: string })
  | (Span & { kind: 'name'; name: string })
  | (Span & { kind: 'symbol'; symbol: Punctuation })
  | (Span & { kind: 'end' });

type Punctuation = '.' | '(' | ')' | ',' | '=' | '!=' | '<' | '<=' | '>' | '>=' | '+' | '-' | '*';

/** Operators spelled as in other languages, with the XPath spelling an author needs instead. */
const FOREIGN_OPERATORS: Array<[string, string]> = [
  ['==', "use = to compare (XPath has no ==)"],
  ['&&', 'use and'],
  ['||', 'use or'],
  ['<>', 'use != for "not equal"'],
  ['!', 'use not(…) or !='],
  ['%', 'use mod for the remainder'],
  ['/', 'use div to divide'],
];

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const start = i;
    if (c === '$' && source[i + 1] === '{') {
      const close = source.indexOf('}', i + 2);
      if (close < 0) throw new ExpressionError("'${' is not closed with '}'", start + 1);
      const name = source.slice(i + 2, close).trim();
      if (!NAME_PATTERN.test(name)) {
        throw new ExpressionError(`'\${${name}}' does not name a question: names are letters, digits and _`, start + 1);
      }
      tokens.push({ kind: 'field', name, start });
      i = close + 1;
    } else if (/\d/.test(c) || (c === '.' && /\d/.test(source[i + 1] ?? ''))) {
      const match = /^(?:\d+(?:\.\d*)?|\.\d+)/.exec(source.slice(i))!;
      tokens.push({ kind: 'number', value: Number(match[0]), start });
      i += match[0].length;
    } else if (c === "'" || c === '"') {
      // XPath 1.0 strings have no escapes: a quote is written inside the other kind of quotes.
      const close = source.indexOf(c, i + 1);
      if (close < 0) throw new ExpressionError(`string starting with ${c} is not closed`, start + 1);
      tokens.push({ kind: 'string', value: source.slice(i + 1, close), start });
      i = close + 1;
    } else if (/[A-Za-z_]/.test(c)) {
      // A hyphen continues a name only before a letter, so count-selected is one
      // name while a-1 is not a name at all.
      const match = /^[A-Za-z_][A-Za-z0-9_]*(?:-[A-Za-z][A-Za-z0-9_]*)*/.exec(source.slice(i))!;
      tokens.push({ kind: 'name', name: match[0], start });
      i += match[0].length;
    } else {
      const two = source.slice(i, i + 2);
      const foreign = FOREIGN_OPERATORS.find(([spelling]) => source.startsWith(spelling, i) && !(spelling === '!' && two === '!='));
      if (foreign) throw new ExpressionError(`'${foreign[0]}' is not an operator here: ${foreign[1]}`, start + 1);
      if (two === '!=' || two === '<=' || two === '>=') {
        tokens.push({ kind: 'symbol', symbol: two, start });
        i += 2;
      } else if ('.(),=<>+-*'.includes(c)) {
        tokens.push({ kind: 'symbol', symbol: c as Punctuation, start });
        i++;
      } else {
        throw new ExpressionError(`unexpected character '${c}'`, start + 1);
      }
    }
  }
  tokens.push({ kind: 'end', start: source.length });
  return tokens;
}

/** Binding powers, loosest first, as in XPath 1.0; every binary operator is left-associative. */
const PRECEDENCE: Record<BinaryOperator, number> = {
  or: 1,
  and: 2,
  '=': 3,
  '!=': 3,
  '<': 4,
  '<=': 4,
  '>': 4,
  '>=': 4,
  '+': 5,
  '-': 5,
  '*': 6,
  div: 6,
  mod: 6,
};

const WORD_OPERATORS = new Set<string>(['or', 'and', 'div', 'mod']);

export function parseExpression(source: string): Expr {
  if (source.length > MAX_EXPRESSION_LENGTH) {
    throw new ExpressionError(`expression is longer than ${MAX_EXPRESSION_LENGTH} characters`, MAX_EXPRESSION_LENGTH + 1);
  }
  const tokens = tokenize(source);
  let next = 0;
  let depth = 0;

  const peek = () => tokens[next];
  const fail = (token: Token, message: string): never => {
    throw new ExpressionError(message, token.start + 1);
  };
  const describe = (token: Token): string => {
    switch (token.kind) {
      case 'end':
        return 'the end of the expression';
      case 'symbol':
        return `'${token.symbol}'`;
      case 'name':
        return `'${token.name}'`;
      case 'field':
        return `\${${token.name}}`;
      case 'string':
        return 'a string';
      case 'number':
        return 'a number';
    }
  };
  const isSymbol = (token: Token, symbol: Punctuation) => token.kind === 'symbol' && token.symbol === symbol;

  const infixOperator = (token: Token): BinaryOperator | null => {
    if (token.kind === 'name' && WORD_OPERATORS.has(token.name)) return token.name as BinaryOperator;
    if (token.kind === 'symbol' && token.symbol in PRECEDENCE) return token.symbol as BinaryOperator;
    return null;
  };

  function parseBinary(minPrecedence: number): Expr {
    if (++depth > MAX_NESTING) fail(peek(), `expression is nested more than ${MAX_NESTING} levels deep`);
    let left = parseOperand();
    for (;;) {
      const op = infixOperator(peek());
      if (!op || PRECEDENCE[op] < minPrecedence) break;
      next++;
      const right = parseBinary(PRECEDENCE[op] + 1);
      left = { kind: 'binary', op, left, right, start: left.start };
    }
    depth--;
    return left;
  }

  function parseOperand(): Expr {
    const token = tokens[next++];
    switch (token.kind) {
      case 'number':
        return { kind: 'number', value: token.value, start: token.start };
      case 'string':
        return { kind: 'string', value: token.value, start: token.start };
      case 'field':
        return { kind: 'field', name: token.name, start: token.start };
      case 'name':
        if (isSymbol(peek(), '(')) return parseCall(token.name, token.start);
        if (WORD_OPERATORS.has(token.name)) fail(token, `'${token.name}' needs something on its left`);
        return { kind: 'column', name: token.name, start: token.start };
      case 'symbol':
        if (token.symbol === '.') return { kind: 'current', start: token.start };
        if (token.symbol === '-') {
          if (++depth > MAX_NESTING) fail(token, `expression is nested more than ${MAX_NESTING} levels deep`);
          const operand = parseOperand();
          depth--;
          return { kind: 'negate', operand, start: token.start };
        }
        if (token.symbol === '(') {
          const inner = parseBinary(0);
          if (!isSymbol(peek(), ')')) fail(peek(), `expected ')' to close the '(' at character ${token.start + 1}, found ${describe(peek())}`);
          next++;
          return inner;
        }
        return fail(token, `expected a value, found ${describe(token)}`);
      case 'end':
        return fail(token, 'the expression ends where a value is expected');
    }
  }

  function parseCall(name: string, start: number): Expr {
    next++; // the '('
    const args: Expr[] = [];
    if (isSymbol(peek(), ')')) {
      next++;
      return { kind: 'call', name, args, start };
    }
    for (;;) {
      args.push(parseBinary(0));
      const token = tokens[next++];
      if (isSymbol(token, ')')) return { kind: 'call', name, args, start };
      if (!isSymbol(token, ',')) fail(token, `expected ',' or ')' in the call to ${name}(), found ${describe(token)}`);
    }
  }

  if (peek().kind === 'end') fail(peek(), 'the expression is empty');
  const expr = parseBinary(0);
  if (peek().kind !== 'end') fail(peek(), `expected an operator or the end of the expression, found ${describe(peek())}`);
  return expr;
}
