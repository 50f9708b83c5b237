// One department file imported as the import wizard and `gongzhi import` do it,
// for the import benchmarks: the profile checked, its data source found or made,
// the file validated and staged, then applied with the given linker.
import path from 'node:path';
import type { Database } from '../src/db/database.js';
import type { Clock } from '../src/kernel/clock.js';
import { applyImport } from '../src/modules/exchange/import/apply-import.js';
import type { Linker } from '../src/modules/exchange/import/linker.js';
import { insertImport } from '../src/modules/exchange/import/repo.js';
import { stageImport } from '../src/modules/exchange/import/stage-import.js';
import { checkProfileText, sourceOfProfile } from '../src/modules/exchange/profiles/service.js';

export async function importDepartmentFile(database: Database, options: { profileText: string; file: string; linker: Linker; clock: Clock }) {
  const deps = { db: database.db, clock: options.clock };
  const check = await checkProfileText(database.db, options.profileText);
  if (!check.ok) throw new Error(`${path.basename(options.file)}: ${JSON.stringify(check.issues)}`);
  const source = await sourceOfProfile(database.db, check.profile, check.department);
  const importId = await insertImport(
    database.db,
    { jurisdictionCode: '330106', jurisdictionPath: '330100.330106', fileName: path.basename(options.file), fileSize: 0, fileSha256: 'bench', observedAt: new Date('2026-06-30T00:00:00+08:00'), createdBy: null, createdByName: 'bench', at: options.clock.now() },
    null,
  );
  let started = performance.now();
  await stageImport(deps, { importId, table: { path: options.file }, profile: check.profile, profileId: null, source });
  const stageSeconds = (performance.now() - started) / 1000;
  started = performance.now();
  const done = await applyImport(deps, importId, { linker: options.linker });
  return { importId, stageSeconds, applySeconds: (performance.now() - started) / 1000, done };
}
