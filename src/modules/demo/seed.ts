// `gongzhi seed demo`: the demo district, its departments, one login per role,
// and a synthetic population bulk-loaded with COPY.
import { stringify } from 'csv-stringify/sync';
import type { AppDeps } from '../../app-deps.js';
import { addJurisdictions, createUser } from '../org/service.js';
import { insertDepartment, findJurisdiction } from '../org/repo.js';
import { DEMO_DEPARTMENTS, DEMO_DISTRICT, DEMO_LOGINS, DEMO_PASSWORD, demoCommunities, demoJurisdictions } from './district.js';
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
