/**
 * `gongzhi import --profile P FILE`: validate and apply a department file from
 * the command line in one go. Running the same command again after a crash
 * resumes that import (the same file of the same dataset, unfinished) from its
 * ledger; running it after it finished imports the file anew, which changes
 * nothing that is already true.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { AppDeps } from '../../../app-deps.js';
import { OPERATOR_AT_CLI } from '../../../kernel/access/access.js';
import { errors } from '../../../kernel/errors.js';
import { auditChange } from '../../registry/audit.js';
import { checkProfileText, profileInvalid, sourceOfProfile } from '../profiles/service.js';
import { applyImport } from './apply-import.js';
import type { Linker } from './linker.js';
import * as repo from './repo.js';
import { stageImport } from './stage-import.js';

type Deps = Pick<AppDeps, 'db' | 'clock'>;

export interface ImportFileInput {
  profileText: string;
  file: string;
  jurisdictionCode?: string;
  /** When the data was true according to the department; default now. */
  observedAt?: Date;
  linker: Linker;
  /** Called once the import is known: its id, and whether an unfinished one is being resumed. */
  onStart?: (importId: string, resumed: boolean) => void;
  onProgress?: (phase: 'validating' | 'applying', done: number, total: number) => void;
  /** Rows of the file applied per transaction (default DEFAULT_CHUNK_ROWS). */
  chunkRows?: number;
}

export async function importFile(deps: Deps, input: ImportFileInput): Promise<repo.ImportRow> {
  const check = await checkProfileText(deps.db, input.profileText);
  if (!check.ok) throw profileInvalid(check.issues);
  const source = await sourceOfProfile(deps.db, check.profile, check.department);
  const sha256 = await fileSha256(input.file);
  const unfinished = await repo.findUnfinishedImport(deps.db, source.id, sha256);
  const importId = unfinished?.id ?? (await createImport(deps, input, sha256));
  input.onStart?.(importId, unfinished !== undefined);
  // A new import is validated first; one stopped while validating resumes there; one validated or half-applied goes on applying.
  if (!unfinished || unfinished.status === 'validating') {
    await stageImport(
      deps,
      { importId, table: { path: input.file }, profile: check.profile, profileId: null, source },
      { onProgress: (done, total) => input.onProgress?.('validating', done, total) },
    );
  }
  const done = await applyImport(deps, importId, { linker: input.linker, chunkRows: input.chunkRows, onProgress: (n, total) => input.onProgress?.('applying', n, total) });
  await auditChange(deps.db, deps.clock, null, null, {
    action: 'import.completed',
    targetType: 'import',
    targetIds: [importId],
    purpose: 'data_quality',
    details: { file: path.basename(input.file), applied: done.applied_rows, rejected: done.rejected_rows, held: done.held_rows, ...(done.stats as object) },
  });
  return done;
}

async function createImport(deps: Deps, input: ImportFileInput, sha256: string): Promise<string> {
  const jurisdiction = input.jurisdictionCode
    ? await deps.db.selectFrom('jurisdictions').select(['code', 'path']).where('code', '=', input.jurisdictionCode).executeTakeFirst()
    : await onlyRoot(deps);
  if (!jurisdiction) throw errors.validation([{ path: 'jurisdiction', message: `no jurisdiction ${input.jurisdictionCode}` }]);
  return repo.insertImport(
    deps.db,
    {
      jurisdictionCode: jurisdiction.code,
      jurisdictionPath: jurisdiction.path,
      fileName: path.basename(input.file),
      fileSize: (await stat(input.file)).size,
      fileSha256: sha256,
      observedAt: input.observedAt ?? deps.clock.now(),
      createdBy: null,
      createdByName: OPERATOR_AT_CLI.name,
      at: deps.clock.now(),
    },
    null,
  );
}

/** Without --jurisdiction, the operator imports for the whole tree, which must then have one root. */
async function onlyRoot(deps: Deps) {
  const roots = await deps.db.selectFrom('jurisdictions').select(['code', 'path']).where('parent_code', 'is', null).execute();
  if (roots.length !== 1) throw errors.validation([{ path: 'jurisdiction', message: `say which jurisdiction the file is for (the tree has ${roots.length} roots)` }]);
  return roots[0];
}

async function fileSha256(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
