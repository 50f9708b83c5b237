import { describe, expect, it } from 'vitest';
import { MAX_PATTERN_LENGTH, MAX_REGEX_INPUT, compilePattern, regexMatches, unsafePatternReason } from './safe-regex.js';

describe('unsafePatternReason', () => {
  it.each([
    '^1[3-9]\\d{9}$',
    '^\\d{17}[\\dXx]$',
    '^[\\u4e00-\\u9fa5·]{2,20}$',
    '^(0\\d{2,3}-)?\\d{7,8}$',
    '^[\\w.+-]+@[\\w-]+\\.[\\w.-]+$',
    '^(?:[A-Z]{2})?\\d+$',
    '^[(]+$',
    '^a{2}b$',
  ])('accepts the patterns forms use: %s', (pattern) => {
    expect(unsafePatternReason(pattern)).toBeNull();
  });

  it.each([
    ['^(a+)+$', 'repeated group'],
    ['^(a*)*b$', 'repeated group'],
    ['^(a|aa)+$', 'repeated group'],
    ['^((ab)*c)+$', 'repeated group'],
    ['^(\\d+){3}$', 'repeated group'],
    ['^(x(a+))*$', 'repeated group'],
    ['(a)\\1', 'back-references'],
    ['(?<x>a)\\k<x>', 'back-references'],
    ['^a*b*c*d*$', 'unbounded repetitions'],
  ])('refuses %s', (pattern, reason) => {
    expect(unsafePatternReason(pattern)).toContain(reason);
  });

  it('refuses over-long patterns', () => {
    expect(unsafePatternReason('a'.repeat(MAX_PATTERN_LENGTH + 1))).toContain('longer than');
  });

  it('looks past escaped brackets and character classes', () => {
    expect(unsafePatternReason('^\\(a+\\)+$')).toBeNull();
    expect(unsafePatternReason('^[(a+)]+$')).toBeNull();
    expect(unsafePatternReason('^[\\]a]+$')).toBeNull();
  });
});

describe('compilePattern and regexMatches', () => {
  it('says why an invalid pattern cannot be used', () => {
    expect(compilePattern('[a-')).toMatch(/^not a valid regular expression/);
    expect(compilePattern('^(a+)+$')).toMatch(/repeated group/);
    expect(compilePattern('^a$')).toBeInstanceOf(RegExp);
  });

  it('never matches text longer than the limit', () => {
    expect(regexMatches('a'.repeat(MAX_REGEX_INPUT), '^a+$')).toBe(true);
    expect(regexMatches('a'.repeat(MAX_REGEX_INPUT + 1), '^a+$')).toBe(false);
  });

  it('runs the worst allowed pattern on the longest allowed text quickly', () => {
    // Three overlapping unbounded repetitions and a failing end: cubic backtracking, bounded by the input limit.
    const started = performance.now();
    expect(regexMatches('1'.repeat(MAX_REGEX_INPUT), '^\\d*\\d*\\d*x$')).toBe(false);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
