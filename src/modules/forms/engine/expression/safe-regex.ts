/**
 * The guard around regex().
 *
 * JavaScript's RegExp backtracks, and the server re-validates every submission
 * on its one event loop: a pattern such as `^(a+)+$` against forty a's and a
 * "b" runs for minutes and stalls every other request (ReDoS). Patterns come
 * from form authors and inputs from anyone who submits, so both are bounded:
 *
 * - a pattern is at most {@link MAX_PATTERN_LENGTH} characters;
 * - a repeated group may not itself contain repetition or alternation
 *   (`(a+)+`, `(a|ab)*`): nested repetition is what makes backtracking
 *   exponential. `(…)?` is allowed, since it tries at most two ways;
 * - at most {@link MAX_UNBOUNDED_QUANTIFIERS} unbounded repetitions (`*`, `+`,
 *   `{n,}`) in the whole pattern, which keeps the worst case polynomial of low degree;
 * - no back-references (`\1`), which make matching NP-hard;
 * - text longer than {@link MAX_REGEX_INPUT} characters never matches, which
 *   bounds that polynomial. Constraints with regex() check phone numbers, ID
 *   numbers, codes and names, all far shorter.
 */

export const MAX_PATTERN_LENGTH = 200;
export const MAX_REGEX_INPUT = 256;
export const MAX_UNBOUNDED_QUANTIFIERS = 3;

/** Why a pattern is refused, or null when it is safe to run. */
export function unsafePatternReason(pattern: string): string | null {
  if (pattern.length > MAX_PATTERN_LENGTH) return `the pattern is longer than ${MAX_PATTERN_LENGTH} characters`;
  /** Whether each open group contains repetition or alternation, innermost last. */
  const groups: Array<{ varies: boolean }> = [{ varies: false }];
  let unbounded = 0;
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i];
    let atomEnd = i + 1;
    let closedGroup: { varies: boolean } | null = null;
    if (c === '\\') {
      if (/[1-9]/.test(pattern[i + 1] ?? '') || pattern[i + 1] === 'k') return 'back-references (\\1, \\k<name>) are not allowed';
      atomEnd = i + 2;
    } else if (c === '[') {
      atomEnd = endOfCharacterClass(pattern, i);
    } else if (c === '(') {
      groups.push({ varies: false });
      i++;
      continue;
    } else if (c === ')') {
      if (groups.length > 1) closedGroup = groups.pop()!;
    } else if (c === '|') {
      groups[groups.length - 1].varies = true;
      i++;
      continue;
    }
    const quantifier = /^(?:[*+?]|\{\d+(?:,\d*)?\})\??/.exec(pattern.slice(atomEnd));
    if (quantifier) {
      const q = quantifier[0];
      const isUnbounded = q[0] === '*' || q[0] === '+' || /^\{\d+,\}/.test(q);
      if (isUnbounded) unbounded++;
      if (closedGroup?.varies && q[0] !== '?') {
        return 'a repeated group may not contain repetition or alternation, as in (a+)+ or (a|b)*: use a character class such as [ab]+ instead';
      }
      // The group that contains this atom now contains repetition.
      if (q[0] !== '?') groups[groups.length - 1].varies = true;
      atomEnd += q.length;
    }
    if (closedGroup?.varies) groups[groups.length - 1].varies = true;
    i = atomEnd;
  }
  if (unbounded > MAX_UNBOUNDED_QUANTIFIERS) {
    return `the pattern has more than ${MAX_UNBOUNDED_QUANTIFIERS} unbounded repetitions (*, +, {n,})`;
  }
  return null;
}

function endOfCharacterClass(pattern: string, open: number): number {
  let i = open + 1;
  if (pattern[i] === '^') i++;
  if (pattern[i] === ']') i++;
  while (i < pattern.length && pattern[i] !== ']') i += pattern[i] === '\\' ? 2 : 1;
  return i + 1;
}

const compiled = new Map<string, RegExp | string>();
/** Forms use a handful of patterns; the bound only stops a stream of distinct dynamic patterns growing the cache. */
const CACHE_LIMIT = 500;

/** A safe, compiled pattern, or the reason there is none. */
export function compilePattern(pattern: string): RegExp | string {
  const cached = compiled.get(pattern);
  if (cached !== undefined) return cached;
  const result = compileUncached(pattern);
  if (compiled.size >= CACHE_LIMIT) compiled.clear();
  compiled.set(pattern, result);
  return result;
}

function compileUncached(pattern: string): RegExp | string {
  const unsafe = unsafePatternReason(pattern);
  if (unsafe) return unsafe;
  try {
    return new RegExp(pattern);
  } catch (error) {
    return `not a valid regular expression: ${(error as Error).message.replace(/^Invalid regular expression: /, '')}`;
  }
}

/** regex(): a search, as in ODK, so authors anchor with ^ and $; unsafe or invalid patterns and over-long text never match. */
export function regexMatches(text: string, pattern: string): boolean {
  if (text.length > MAX_REGEX_INPUT) return false;
  const regex = compilePattern(pattern);
  return typeof regex !== 'string' && regex.test(text);
}
