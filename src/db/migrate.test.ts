import { describe, expect, it } from 'vitest';
import { splitStatements } from './migrate.js';

describe('splitting a migration script into statements', () => {
  it('splits on semicolons outside quotes, comments and dollar-quoted bodies', () => {
    const script = `-- a comment; with a semicolon
CREATE TABLE a (x text DEFAULT 'semi;colon''s');
CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'no; never';
END;
$$;
SELECT 1`;
    expect(splitStatements(script)).toEqual([
      "CREATE TABLE a (x text DEFAULT 'semi;colon''s')",
      "CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n  RAISE EXCEPTION 'no; never';\nEND;\n$$",
      'SELECT 1',
    ]);
  });
});
