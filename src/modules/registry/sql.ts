// Set-at-a-time SQL helpers for bulk registry work: thousands of rows go to the
// server as one JSON parameter or one array parameter, the same on PGlite and
// PostgreSQL, and never hit the 65,535-parameter limit of a multi-row VALUES list.
import { sql, type RawBuilder } from 'kysely';

/**
 * `jsonb_to_recordset($1) AS alias(col type, …)`: rows as a table to select,
 * insert or join from. `columns` maps each property to its SQL type.
 */
export function recordset(rows: readonly object[], columns: Record<string, string>, alias = 'r'): RawBuilder<unknown> {
  const definitions = Object.entries(columns).map(([name, type]) => {
    if (!/^[a-z_][a-z0-9_]*$/.test(name) || !/^[a-z0-9_ \[\]]+$/.test(type)) throw new Error(`unsafe recordset column ${name} ${type}`);
    return `${name} ${type}`;
  });
  return sql`jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS ${sql.raw(alias)}(${sql.raw(definitions.join(', '))})`;
}

/** `= ANY($1::text[])`, for matching a column against a long list of keys. */
export function anyText(values: readonly string[]): RawBuilder<unknown> {
  return sql`ANY(${[...values]}::text[])`;
}
