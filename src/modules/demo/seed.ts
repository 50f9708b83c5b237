// `gongzhi seed demo`: the demo district, its departments, one login per role,
// and a synthetic population bulk-loaded with COPY.
import { stringify } from 'csv-stringify/sync';
import type { AppDeps } from '../../app-deps.js';
import { addJurisdictions, createUser } from '../org/service.js';
import { insertDepartment, findJurisdiction } from '../org/repo.js';
import { DEMO_DEPARTMENTS, DEMO_DISTRICT, DEMO_REFERENCE_DATE, DEMO_LOGINS, DEMO_PASSWORD, demoCommunities, demoJurisdictions } from './district.js';
import { generatePopulation } from './population.js';

type SeedDeps = Pick<AppDeps, 'db' | 'database' | 'clock'>;

export async function isDemoSeeded(deps: Pick<AppDeps, 'db'>): Promise<boolean> {
  return (await findJurisdiction(deps.db, DEMO_DISTRICT.code)) !== undefined;
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
  const population = await loadPopulation(deps, options);
  return { jurisdictions: jurisdictions.length, ...population };
}

/** Stream the generator's batches into the registry with COPY: a million people stay out of memory. */
async function loadPopulation(deps: SeedDeps, options: SeedDemoOptions) {
  const communities = demoCommunities();
  const gridPaths = new Map(
    (await deps.db.selectFrom('jurisdictions').select(['code', 'path']).where('level', '=', 'grid').execute()).map((j) => [j.code, j.path]),
  );
  const dwellingPaths = new Map<string, string>();
  const csv = (rows: unknown[][]) => stringify(rows);
  const pgArray = (values: readonly string[]) => `{${values.join(',')}}`;
  let people = 0;
  let households = 0;
  const streetNames = new Map(demoJurisdictions().filter((j) => j.level === 'street').map((j) => [j.code, j.name]));
  const populationCommunities = communities.map((c) => ({ ...c, addressPrefix: `浙江省杭州市西湖区${streetNames.get(c.streetCode)}` }));
  // A fixed reference date: the same seed gives the same people on any day.
  const asOf = new Date(DEMO_REFERENCE_DATE);
  for (const batch of generatePopulation({ seed: options.seed, people: options.people, communities: populationCommunities, asOf })) {
    dwellingPaths.clear();
    for (const d of batch.dwellings) dwellingPaths.set(d.id, gridPaths.get(d.gridCode)!);
    await deps.database.copyCsv(
      'dwellings',
      ['id', 'jurisdiction_path', 'community_code', 'grid_code', 'compound', 'building', 'unit', 'room', 'address'],
      csv(batch.dwellings.map((d) => [d.id, dwellingPaths.get(d.id), d.communityCode, d.gridCode, d.compound, d.building, d.unit, d.room, d.address])),
    );
    const householdPaths = new Map<string, string>();
    await deps.database.copyCsv(
      'households',
      ['id', 'jurisdiction_path', 'dwelling_id', 'head_person_id', 'registration_type'],
      csv(
        batch.households.map((h) => {
          const path = dwellingPaths.get(h.dwellingId) ?? gridPathOfDwelling(h.dwellingId);
          householdPaths.set(h.id, path);
          return [h.id, path, h.dwellingId, h.headPersonId, h.registrationType];
        }),
      ),
    );
    await deps.database.copyCsv(
      'people',
      ['id', 'jurisdiction_path', 'household_id', 'dwelling_id', 'relation_to_head', 'name', 'id_number', 'sex', 'birth_date', 'ethnicity', 'phone', 'residence_status', 'tags', 'disability_grade'],
      csv(
        batch.people.map((p) => [
          p.id,
          householdPaths.get(p.householdId) ?? gridPathOfDwelling(p.dwellingId),
          p.householdId,
          p.dwellingId,
          p.relationToHead,
          p.name,
          p.idNumber,
          p.sex,
          p.birthDate,
          p.ethnicity,
          p.phone,
          p.residenceStatus,
          pgArray(p.tags),
          p.disabilityGrade,
        ]),
      ),
    );
    people += batch.people.length;
    households += batch.households.length;
    options.onProgress?.(people, options.people);
  }
  return { people, households };

  function gridPathOfDwelling(dwellingId: string): string {
    const path = dwellingPaths.get(dwellingId);
    if (!path) throw new Error(`generator referenced dwelling ${dwellingId} outside its batch`);
    return path;
  }
}
