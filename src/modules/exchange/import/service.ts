/**
 * Importing department files over the API, in the steps of the import wizard:
 * upload → preview the first rows with a profile (saved or a draft) →
 * validate (stage every row; see the errors) → apply → download the error
 * report, and see what changed. Validating and applying run in the background
 * and report progress through the import's status.
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { AppDeps } from '../../../app-deps.js';
import type { DB } from '../../../db/schema.js';
import { authorize, recordRead, scopeCovers, type RequestContext, type Scope } from '../../../kernel/access/access.js';
import { AppError, errors } from '../../../kernel/errors.js';
import { openTable, TableError, cellText } from '../../../lib/tabular.js';
import { auditChange } from '../../registry/audit.js';
import { loadCatalogue } from '../../registry/catalogue/repo.js';
import { changesOfImport } from '../../registry/facts/changes.js';
import { checkProfileText, profileInvalid, sourceOfProfile } from '../profiles/service.js';
import type { MappingProfile } from '../profiles/profile.js';
import * as profiles from '../profiles/repo.js';
import { applyImport } from './apply-import.js';
import { buildErrorReport, issueLines, ISSUE_COLUMNS, type ReportFormat, type ReportRow } from './error-report.js';
import type { ImportJobs } from './jobs.js';
import type { Linker } from './linker.js';
import { compileProfile, mapRow } from './map-row.js';
import { loadPlaces } from './places.js';
import * as repo from './repo.js';
import { stageImport } from './stage-import.js';

type Deps = Pick<AppDeps, 'db' | 'clock'>;

export interface ImportServices extends Deps {
  jobs: ImportJobs;
  linker: Linker;
}

/** A profile by the id it is saved under, or a draft's text. */
export type ProfileChoice = { profileId: string } | { text: string };

export async function uploadImport(
  deps: Deps,
  ctx: RequestContext,
  upload: { fileName: string; bytes: Uint8Array; jurisdictionCode?: string; observedAt?: Date },
) {
  const scope = await authorize(deps, ctx, { permission: 'import.run', action: 'import.upload' });
  const jurisdiction = await jurisdictionFor(deps.db, scope, upload.jurisdictionCode);
  return deps.db.transaction().execute(async (trx) => {
    const id = await repo.insertImport(
      trx,
      {
        jurisdictionCode: jurisdiction.code,
        jurisdictionPath: jurisdiction.path,
        fileName: upload.fileName,
        fileSize: upload.bytes.byteLength,
        fileSha256: createHash('sha256').update(upload.bytes).digest('hex'),
        observedAt: upload.observedAt ?? deps.clock.now(),
        createdBy: ctx.actor?.kind === 'user' ? ctx.actor.id : null,
        createdByName: ctx.actor?.name ?? 'unknown',
        at: deps.clock.now(),
      },
      upload.bytes,
    );
    await auditChange(trx, deps.clock, ctx, scope, { action: 'import.upload', targetType: 'import', targetIds: [id], purpose: 'data_quality', details: { fileName: upload.fileName, size: upload.bytes.byteLength } });
    return (await repo.findImport(trx, id))!;
  });
}

export async function listImports(deps: Deps, ctx: RequestContext, page: { limit: number; offset: number }) {
  const scope = await authorize(deps, ctx, { permission: 'import.run', action: 'import.list' });
  return repo.listImports(deps.db, scope, page);
}

export async function getImport(deps: Deps, ctx: RequestContext, id: string) {
  const scope = await authorize(deps, ctx, { permission: 'import.run', action: 'import.get', target: { type: 'import', id } });
  return importInScope(deps.db, scope, id);
}

/** The first rows of the uploaded file as read, and as a profile would map them — before anything is staged. */
export async function previewImport(deps: Deps, ctx: RequestContext, id: string, choice: ProfileChoice, rowCount: number) {
  const scope = await authorize(deps, ctx, { permission: 'import.run', action: 'import.preview', needsPurpose: true, target: { type: 'import', id } });
  const found = await importInScope(deps.db, scope, id);
  const { profile } = await chosenProfile(deps.db, choice);
  const bytes = await uploadedBytes(deps.db, id);
  const table = await openUpload(bytes, profile);
  const compiled = compileProfile(profile, table.header);
  const ctxMapping = { catalogue: await loadCatalogue(deps.db), places: await loadPlaces(deps.db, found.jurisdiction_path), asOf: found.observed_at };
  const rows = [];
  if (compiled.ok) {
    for await (const row of table.rows) {
      const mapped = mapRow(compiled.compiled, row.cells, ctxMapping);
      rows.push({ row: row.rowNumber, cells: row.cells.map(cellText), record: mapped.record, issues: mapped.issues });
      if (rows.length >= rowCount) break;
    }
  }
  await recordRead(deps.db, deps.clock, ctx, scope, { action: 'import.preview', targetType: 'import', targetIds: [id] });
  return { header: table.header, missingColumns: compiled.ok ? [] : compiled.missing, rows };
}

/** Validate the upload with a profile, in the background: every row is staged, good or quarantined. */
export async function startValidation(services: ImportServices, ctx: RequestContext, id: string, choice: ProfileChoice) {
  const scope = await authorize(services, ctx, { permission: 'import.run', action: 'import.validate', target: { type: 'import', id } });
  const found = await importInScope(services.db, scope, id);
  if (found.status === 'applying' || found.status === 'completed') throw errors.conflict('import.already_applied', `Import ${id} is ${found.status}`);
  const { profile, department, profileId } = await chosenProfile(services.db, choice);
  const bytes = await uploadedBytes(services.db, id);
  const source = await sourceOfProfile(services.db, profile, department);
  // Marked before the work starts, so whoever polls from now on sees it under way.
  await repo.setStatus(services.db, id, 'validating', services.clock.now(), { error: null });
  await auditChange(services.db, services.clock, ctx, scope, { action: 'import.validate', targetType: 'import', targetIds: [id], purpose: 'data_quality', details: { profile: profile.id } });
  services.jobs.start(
    id,
    () => stageImport(services, { importId: id, table: { bytes }, profile, profileId, source }),
    (error) => repo.setStatus(services.db, id, 'failed', services.clock.now(), { error: messageOf(error) }),
  );
  return { ...found, status: 'validating' as const };
}

/** Apply the validated rows, in the background; asked again after a crash, it resumes where the ledger stopped. */
export async function startApply(services: ImportServices, ctx: RequestContext, id: string) {
  const scope = await authorize(services, ctx, { permission: 'import.run', action: 'import.apply', target: { type: 'import', id } });
  const found = await importInScope(services.db, scope, id);
  if (found.status !== 'validated' && found.status !== 'applying') throw errors.conflict('import.not_validated', `Import ${id} is ${found.status}: validate it first`);
  await repo.setStatus(services.db, id, 'applying', services.clock.now(), { error: null });
  await auditChange(services.db, services.clock, ctx, scope, { action: 'import.apply', targetType: 'import', targetIds: [id], purpose: 'data_quality' });
  services.jobs.start(
    id,
    async () => {
      const done = await applyImport(services, id, { linker: services.linker });
      await auditChange(services.db, services.clock, ctx, scope, {
        action: 'import.completed',
        targetType: 'import',
        targetIds: [id],
        purpose: 'data_quality',
        details: { applied: done.applied_rows, rejected: done.rejected_rows, held: done.held_rows, ...(done.stats as object) },
      });
    },
    // The ledger keeps what was applied; the import stays resumable and says why it stopped.
    (error) => repo.setStatus(services.db, id, 'applying', services.clock.now(), { error: messageOf(error) }),
  );
  return { ...found, status: 'applying' as const };
}

/** The problems found, a page at a time, for the wizard's error table. */
export async function importIssues(deps: Deps, ctx: RequestContext, id: string, page: { after: number; limit: number }) {
  const scope = await authorize(deps, ctx, { permission: 'import.run', action: 'import.issues', needsPurpose: true, target: { type: 'import', id } });
  await importInScope(deps.db, scope, id);
  const rows = (await repo.rowsWithIssues(deps.db, id, page.after, page.limit)) as unknown as ReportRow[];
  await recordRead(deps.db, deps.clock, ctx, scope, { action: 'import.issues', targetType: 'import', targetIds: [id] });
  const catalogue = await loadCatalogue(deps.db);
  return {
    columns: ISSUE_COLUMNS,
    lines: issueLines(rows, catalogue),
    nextAfter: rows.length === page.limit ? rows[rows.length - 1].row_number : null,
  };
}

export async function errorReport(deps: Deps, ctx: RequestContext, id: string, format: ReportFormat, encoding: 'utf-8' | 'gb18030') {
  const scope = await authorize(deps, ctx, { permission: 'import.run', action: 'import.error_report', needsPurpose: true, target: { type: 'import', id } });
  const found = await importInScope(deps.db, scope, id);
  const report = await buildErrorReport(deps.db, found, format, encoding);
  await recordRead(deps.db, deps.clock, ctx, scope, { action: 'import.error_report', targetType: 'import', targetIds: [id] });
  return report;
}

/** What the import changed in the registry: each fact it added, with the value it replaced. */
export async function importChanges(deps: Deps, ctx: RequestContext, id: string, page: { after: number; limit: number }) {
  const scope = await authorize(deps, ctx, { permission: 'import.run', action: 'import.changes', needsPurpose: true, target: { type: 'import', id } });
  await importInScope(deps.db, scope, id);
  const changes = await changesOfImport(deps.db, id, page.after, page.limit);
  await recordRead(deps.db, deps.clock, ctx, scope, { action: 'import.changes', targetType: 'import', targetIds: [id] });
  return changes;
}

async function importInScope(db: Kysely<DB>, scope: Scope, id: string) {
  const found = await repo.findImportInScope(db, scope, id);
  if (!found) throw errors.notFound('import', id);
  return found;
}

async function jurisdictionFor(db: Kysely<DB>, scope: Scope, code: string | undefined) {
  const wanted = code ?? (scope.paths.length === 1 ? scope.paths[0].split('.').pop()! : undefined);
  if (!wanted) throw errors.validation([{ path: 'querystring.jurisdictionCode', message: 'say which jurisdiction the file is for' }]);
  const jurisdiction = await db.selectFrom('jurisdictions').select(['code', 'path']).where('code', '=', wanted).executeTakeFirst();
  if (!jurisdiction || !scopeCovers(scope, jurisdiction.path)) throw errors.validation([{ path: 'querystring.jurisdictionCode', message: `${wanted} is not a jurisdiction within yours` }]);
  return jurisdiction;
}

async function chosenProfile(db: Kysely<DB>, choice: ProfileChoice) {
  const text = 'text' in choice ? choice.text : (await profiles.findProfile(db, choice.profileId))?.text;
  if (text === undefined) throw errors.notFound('profile', (choice as { profileId: string }).profileId);
  const check = await checkProfileText(db, text);
  if (!check.ok) throw profileInvalid(check.issues);
  return { profile: check.profile, department: check.department, profileId: 'profileId' in choice ? choice.profileId : null };
}

async function uploadedBytes(db: Kysely<DB>, id: string): Promise<Uint8Array> {
  const bytes = await repo.fileBytes(db, id);
  if (!bytes) throw errors.conflict('import.file_gone', `The file of import ${id} is no longer kept (the import has been applied); upload it again`);
  return bytes;
}

async function openUpload(bytes: Uint8Array, profile: MappingProfile) {
  try {
    return await openTable({ bytes }, profile.input);
  } catch (error) {
    if (error instanceof TableError) throw new AppError('import.unreadable', error.message, 400);
    throw error;
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
