// `gongzhi seed demo`: the demo district, its departments, one login per role,
// and a synthetic population bulk-loaded with COPY.
import { sql } from 'kysely';
import type { AppDeps } from '../../app-deps.js';
import type { BulkLoad } from '../../db/database.js';
import { addJurisdictions, createUser } from '../org/service.js';
import { seedDemoCaseHandling } from '../cases/demo-configuration.js';
import { seedSampleForms } from '../forms/demo-forms.js';
import { seedDemoReporting } from '../metrics/demo-reports.js';
import { insertDepartment, findJurisdiction, findUserByUsername } from '../org/repo.js';
import { linkResidentToPerson } from '../org/service.js';
import { seedDemoGrants } from '../exchange/sharing/demo-grants.js';
import { DEMO_CITY, DEMO_DEPARTMENTS, DEMO_DISTRICT, DEMO_LOGINS, DEMO_PASSWORD, DEMO_REFERENCE_DATE, demoCommunities, demoJurisdictions } from './district.js';
import { generatePopulation, type PopulationBatch } from './population.js';
import { ADVISORY_LOCKS } from '../../db/advisory-locks.js';

type SeedDeps = Pick<AppDeps, 'db' | 'database' | 'clock'>;

export async function isDemoSeeded(deps: Pick<AppDeps, 'db'>): Promise<boolean> {
  return (await findJurisdiction(deps.db, DEMO_DISTRICT.code)) !== undefined;
}

// PGlite has one connection, which the seed itself needs, so calls within a
// process queue here instead of on an advisory lock; only one process can open
// a PGlite data directory anyway.
let seedingInProcess: Promise<unknown> = Promise.resolve();

/**
 * The first-start seed: seeds the demo district unless it is there already,
 * and says whether it did. Several server processes starting together on one
 * empty PostgreSQL seed it once — the others wait on an advisory lock, then
 * find it seeded.
 */
export async function seedDemoIfEmpty(deps: SeedDeps, options: SeedDemoOptions): Promise<boolean> {
  const seedUnlessSeeded = async () => {
    if (await isDemoSeeded(deps)) return false;
    await seedDemo(deps, options);
    return true;
  };
  if (deps.database.backend === 'pglite') {
    const turn = seedingInProcess.then(seedUnlessSeeded);
    seedingInProcess = turn.catch(() => undefined);
    return turn;
  }
  return deps.db.connection().execute(async (conn) => {
    await sql`SELECT pg_advisory_lock(${ADVISORY_LOCKS.demoSeed})`.execute(conn);
    try {
      return await seedUnlessSeeded();
    } finally {
      await sql`SELECT pg_advisory_unlock(${ADVISORY_LOCKS.demoSeed})`.execute(conn);
    }
  });
}

export interface SeedDemoOptions {
  people: number;
  seed: number;
  onProgress?: (done: number, total: number) => void;
}

export async function seedDemo(deps: SeedDeps, options: SeedDemoOptions) {
  const jurisdictions = demoJurisdictions();
  await deps.db.transaction().execute(async (trx) => {
    await addJurisdictions(trx, jurisdictions);
    for (const d of DEMO_DEPARTMENTS) {
      await insertDepartment(trx, { code: d.code, name: d.name, kind: d.kind, jurisdiction_code: DEMO_DISTRICT.code, is_external: d.isExternal ?? false });
    }
  });
  for (const login of DEMO_LOGINS) {
    await createUser({ db: deps.db, clock: deps.clock }, null, {
      username: login.username,
      displayName: login.displayName,
      password: DEMO_PASSWORD,
      grants: [{ role: login.role, jurisdictionCode: login.scope, departmentCode: login.department }],
    });
  }
  await seedDemoCaseHandling({ db: deps.db, clock: deps.clock }, { city: DEMO_CITY, districtCode: DEMO_DISTRICT.code, gatedCommunityCode: demoCommunities()[0].code });
  // Collection forms of the civil-affairs bureau, for grid workers to fill.
  await seedSampleForms({ db: deps.db, clock: deps.clock }, 'XH-MZ');
  // Statistical definitions and six department reports on them.
  await seedDemoReporting({ db: deps.db, clock: deps.clock });
  const population = await loadPopulation(deps, options);
  const [firstCommunity] = demoCommunities();
  // Data-sharing grants of the departments that work with residents.
  await seedDemoGrants({ db: deps.db, clock: deps.clock }, { beishanStreet: firstCommunity.streetCode, firstCommunity: firstCommunity.code, district: DEMO_DISTRICT.code });
  await linkDemoResident(deps, firstCommunity.code);
  return { jurisdictions: jurisdictions.length, ...population };
}

/** The demo resident is the first adult registered in the first community, as an identity check would find. */
async function linkDemoResident(deps: SeedDeps, communityCode: string) {
  const resident = DEMO_LOGINS.find((l) => l.role === 'resident')!;
  const user = await findUserByUsername(deps.db, resident.username);
  const person = await deps.db
    .selectFrom('people as p')
    .innerJoin('dwellings as d', 'd.id', 'p.dwelling_id')
    .select('p.id')
    .where('d.community_code', '=', communityCode)
    .where('p.relation_to_head', '=', '本人')
    .where('p.id_number', 'is not', null)
    .orderBy('p.id')
    .limit(1)
    .executeTakeFirst();
  // A seed too small to place anyone in the community leaves the resident unlinked.
  if (user && person) await linkResidentToPerson(deps.db, { userId: user.id, personId: person.id, at: deps.clock.now() });
}

// A fixed reference date: the same seed gives the same people on any day.
const REFERENCE_DATE = new Date(DEMO_REFERENCE_DATE);

/** The synthetic residents of the demo district, in batches of whole dwellings. */
export function demoPopulation(options: Pick<SeedDemoOptions, 'people' | 'seed'>) {
  const streetNames = new Map(demoJurisdictions().filter((j) => j.level === 'street').map((j) => [j.code, j.name]));
  const communities = demoCommunities().map((c) => ({ ...c, addressPrefix: `浙江省杭州市西湖区${streetNames.get(c.streetCode)}` }));
  return generatePopulation({ seed: options.seed, people: options.people, communities, asOf: REFERENCE_DATE });
}

/**
 * The registry rows of one generated batch as CSV for COPY, one string per
 * table. Every row lies on the path of its dwelling's grid and counts as
 * loaded on the reference date.
 */
export const REGISTRY_COLUMNS = {
  dwellings: ['id', 'jurisdiction_path', 'community_code', 'grid_code', 'compound', 'building', 'unit', 'room', 'address', 'origin_at'],
  households: ['id', 'jurisdiction_path', 'dwelling_id', 'head_person_id', 'registration_type', 'origin_at'],
  people: [
    'id', 'jurisdiction_path', 'household_id', 'dwelling_id', 'relation_to_head', 'name', 'id_number', 'sex', 'birth_date',
    'ethnicity', 'phone', 'residence_status', 'tags', 'disability_grade', 'origin_at',
  ],
} as const;

export function registryCsv(batch: PopulationBatch, gridPaths: ReadonlyMap<string, string>): Record<keyof typeof REGISTRY_COLUMNS, string> {
  const at = REFERENCE_DATE.toISOString();
  const pathOfDwelling = new Map(batch.dwellings.map((d) => [d.id, gridPaths.get(d.gridCode)!]));
  const placed = (dwellingId: string) => {
    const path = pathOfDwelling.get(dwellingId);
    if (!path) throw new Error(`generator referenced dwelling ${dwellingId} outside its batch`);
    return path;
  };
  return {
    dwellings: csv(batch.dwellings, (d) => [d.id, placed(d.id), d.communityCode, d.gridCode, d.compound, d.building, d.unit, d.room, d.address, at]),
    households: csv(batch.households, (h) => [h.id, placed(h.dwellingId), h.dwellingId, h.headPersonId, h.registrationType, at]),
    people: csv(batch.people, (p) => [
      p.id, placed(p.dwellingId), p.householdId, p.dwellingId, p.relationToHead, p.name, p.idNumber, p.sex, p.birthDate,
      p.ethnicity, p.phone, p.residenceStatus, `{${p.tags.join(',')}}`, p.disabilityGrade, at,
    ]),
  };
}

/** CSV as COPY reads it: null is an empty field, and a value is quoted only when it has to be. */
function csv<T>(rows: readonly T[], fields: (row: T) => Array<string | number | null>): string {
  let out = '';
  for (const row of rows) {
    const values = fields(row);
    for (let i = 0; i < values.length; i++) {
      const value = values[i];
      if (i > 0) out += ',';
      if (value === null) continue;
      const text = String(value);
      out += text === '' || text === '\\.' || /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
    }
    out += '\n';
  }
  return out;
}

/**
 * Stream the generator's batches into the registry with COPY, in one
 * transaction: a million people stay out of memory, and a failed load leaves
 * nothing behind.
 */
async function loadPopulation(deps: SeedDeps, options: SeedDemoOptions) {
  const gridPaths = new Map(
    (await deps.db.selectFrom('jurisdictions').select(['code', 'path']).where('level', '=', 'grid').execute()).map((j) => [j.code, j.path]),
  );
  const tables = Object.keys(REGISTRY_COLUMNS) as Array<keyof typeof REGISTRY_COLUMNS>;
  return deps.database.bulkLoad((load) =>
    withoutIndexesAndKeys(load, tables, async () => {
      let people = 0;
      let households = 0;
      for (const batch of demoPopulation(options)) {
        const rows = registryCsv(batch, gridPaths);
        for (const table of tables) await load.copyCsv(table, [...REGISTRY_COLUMNS[table]], rows[table]);
        people += batch.people.length;
        households += batch.households.length;
        options.onProgress?.(people, options.people);
      }
      return { people, households };
    }),
  );
}

/**
 * Keeping secondary indexes and foreign keys up to date row by row is most of
 * the cost of a big load: drop them, load, then build each index once and check
 * each key once over the whole table. Inside the load's transaction, so a
 * failure leaves them as they were.
 */
export async function withoutIndexesAndKeys<T>(load: BulkLoad, tables: readonly string[], work: () => Promise<T>): Promise<T> {
  // Indexes a constraint stands on (primary keys, unique constraints, a foreign key's target) stay.
  const indexes = await load.query<{ name: string; definition: string }>(
    `SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS definition
     FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace
     WHERE n.nspname = 'public' AND t.relname = ANY($1)
       AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)`,
    [tables],
  );
  const foreignKeys = await load.query<{ table_name: string; name: string; definition: string }>(
    `SELECT quote_ident(t.relname) AS table_name, quote_ident(c.conname) AS name, pg_get_constraintdef(c.oid) AS definition
     FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace
     WHERE c.contype = 'f' AND n.nspname = 'public' AND t.relname = ANY($1)`,
    [tables],
  );
  for (const index of indexes) await load.exec(`DROP INDEX ${index.name}`);
  for (const key of foreignKeys) await load.exec(`ALTER TABLE ${key.table_name} DROP CONSTRAINT ${key.name}`);
  const result = await work();
  for (const index of indexes) await load.exec(index.definition);
  for (const key of foreignKeys) await load.exec(`ALTER TABLE ${key.table_name} ADD CONSTRAINT ${key.name} ${key.definition}`);
  return result;
}
