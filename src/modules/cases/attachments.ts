/**
 * Photos and documents on a case: what was reported, evidence of handling,
 * material for whistles and rectifications. Only JPEG, PNG, WebP and PDF are
 * taken — recognised by their bytes, not by the name or type the client
 * claims — up to the configured size; the bytes go to the AttachmentStore,
 * the record to the database, and a refusal names the offending field.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { authorize, type RequestContext } from '../../kernel/access/access.js';
import { AppError, errors } from '../../kernel/errors.js';
import type { AppDeps } from '../../app-deps.js';
import { acting } from './audit.js';
import { createCase, type IntakeInput } from './intake.js';
import { ATTACHMENT_TYPES, sniffAttachmentType, type AttachmentStore } from './attachment-store.js';
import { auditingRefusals, caseNotFound, visibleCase } from './case-access.js';
import * as repo from './case-repo.js';
import { loadSettings } from './case-settings.js';
import { FINISHED_STATUSES, type CaseStatus } from './model.js';
import { staffOfDepartment } from './policy.js';
import { recordEvent } from './timeline.js';
import { rolesOn } from './transitions.js';
import * as whistles from './whistle-repo.js';

type Deps = Pick<AppDeps, 'db' | 'clock'> & { attachments: AttachmentStore };

export const ATTACHMENT_PURPOSES = ['report', 'evidence', 'whistle', 'rectification'] as const;
export type AttachmentPurpose = (typeof ATTACHMENT_PURPOSES)[number];

export interface UploadedFile {
  /** The multipart field it came in, for errors. */
  field: string;
  fileName: string;
  data: Buffer;
  /** True when the upload was cut off at the size limit. */
  truncated: boolean;
}

/** The limits the upload parser must enforce. */
export async function attachmentLimits(deps: Pick<AppDeps, 'db'>): Promise<{ maxBytes: number; maxFiles: number }> {
  const settings = await loadSettings(deps.db);
  return { maxBytes: settings.attachmentMaxBytes, maxFiles: settings.attachmentMaxFiles };
}

/** Check every file before storing any: one bad file refuses the whole upload. */
function checkFiles(files: readonly UploadedFile[], limits: { maxBytes: number; maxFiles: number }, atLeastOne = true): Array<UploadedFile & { contentType: string }> {
  if (atLeastOne && files.length === 0) throw errors.validation([{ path: 'file', message: 'attach at least one file' }]);
  if (files.length > limits.maxFiles) throw errors.validation([{ path: files[limits.maxFiles].field, message: `at most ${limits.maxFiles} files per upload` }]);
  return files.map((file) => {
    if (file.truncated || file.data.length > limits.maxBytes) {
      throw new AppError('cases.attachment_too_large', `${file.field}: "${file.fileName}" is larger than the limit of ${megabytes(limits.maxBytes)}`, 413, {
        issues: [{ path: file.field, message: `larger than ${megabytes(limits.maxBytes)}` }],
      });
    }
    const contentType = sniffAttachmentType(file.data);
    if (!contentType) {
      const allowed = Object.values(ATTACHMENT_TYPES).map((t) => t.extension).join(', ');
      throw new AppError('cases.attachment_type', `${file.field}: "${file.fileName}" is not an allowed type (${allowed})`, 415, {
        issues: [{ path: file.field, message: `not one of ${allowed}` }],
      });
    }
    return { ...file, contentType };
  });
}

export async function addAttachments(
  deps: Deps,
  ctx: RequestContext,
  caseId: string,
  upload: { purpose: AttachmentPurpose; files: UploadedFile[]; asReporter: boolean },
) {
  const scope = await authorize(deps, ctx, {
    permission: upload.asReporter ? 'case.read_own' : 'case.read',
    action: 'case.attach',
    target: { type: 'case', id: caseId },
  });
  const who = acting(ctx, scope);
  const files = checkFiles(upload.files, await attachmentLimits(deps));
  return auditingRefusals(deps.db, deps.clock, who, async () => {
    const c = upload.asReporter ? await ownCase(deps.db, scope.actor.id, caseId) : await visibleCase(deps.db, scope, caseId, 'attach');
    if (FINISHED_STATUSES.includes(c.status as CaseStatus)) throw errors.conflict('cases.finished', `Case ${c.number} is ${c.status}`);
    await requireMayAttach(deps.db, who, c, upload.purpose, upload.asReporter);
    const stored: Array<{ key: string; file: (typeof files)[number]; sha256: string }> = [];
    try {
      for (const file of files) {
        const key = randomUUID();
        await deps.attachments.put(key, file.data);
        stored.push({ key, file, sha256: createHash('sha256').update(file.data).digest('hex') });
      }
      return await deps.db.transaction().execute(async (trx) => {
        // Concurrent uploads to one case take their positions one after the other.
        await repo.lockCase(trx, c.id);
        const attachmentIds = await recordAttachments(trx, deps.clock, who, { caseId: c.id, purpose: upload.purpose, stored, asReporter: upload.asReporter });
        await repo.updateCase(trx, c.id, { updated_at: deps.clock.now() });
        return { attachmentIds };
      });
    } catch (error) {
      // Nothing recorded, so nothing kept.
      await Promise.all(stored.map((s) => deps.attachments.remove(s.key)));
      throw error;
    }
  });
}

/**
 * A report and its photos at once: the photos are checked before anything is
 * stored, and recorded in the transaction that creates the case, so a refused
 * photo refuses the report (naming the photo) and a failed report keeps no photo.
 */
export async function createCaseWithPhotos(deps: Deps, ctx: RequestContext, input: IntakeInput, photos: UploadedFile[]) {
  const scope = await authorize(deps, ctx, { permission: 'case.report', action: 'case.create' });
  const who = acting(ctx, scope);
  const files = checkFiles(photos, await attachmentLimits(deps), false);
  const stored: Array<{ key: string; file: (typeof files)[number]; sha256: string }> = [];
  try {
    for (const file of files) {
      const key = randomUUID();
      await deps.attachments.put(key, file.data);
      stored.push({ key, file, sha256: createHash('sha256').update(file.data).digest('hex') });
    }
    return await createCase(deps, ctx, input, async (trx, created) => {
      if (stored.length === 0) return;
      await recordAttachments(trx, deps.clock, who, { caseId: created.id, purpose: 'report', stored, asReporter: created.selfReported });
    });
  } catch (error) {
    // No case, so no photos.
    await Promise.all(stored.map((s) => deps.attachments.remove(s.key)));
    throw error;
  }
}

/**
 * Files already in the store become the case's attachments, with one timeline
 * event naming them all. They take the case's next positions in the order
 * given — the order they arrived — since they share one upload instant.
 */
async function recordAttachments(
  trx: Parameters<typeof repo.insertAttachment>[0],
  clock: Deps['clock'],
  who: ReturnType<typeof acting>,
  options: { caseId: string; purpose: AttachmentPurpose; stored: ReadonlyArray<{ key: string; file: { fileName: string; contentType: string; data: Buffer }; sha256: string }>; asReporter: boolean },
): Promise<string[]> {
  const now = clock.now();
  const ids: string[] = [];
  let position = await repo.nextAttachmentPosition(trx, options.caseId);
  for (const { key, file, sha256 } of options.stored) {
    const { id } = await repo.insertAttachment(trx, {
      case_id: options.caseId,
      purpose: options.purpose,
      file_name: file.fileName.slice(0, 200),
      content_type: file.contentType,
      size_bytes: file.data.length,
      sha256,
      storage_key: key,
      uploaded_by: who.actor.name,
      uploaded_at: now,
      position: position++,
    });
    ids.push(id);
  }
  await recordEvent(trx, clock, who, options.caseId, {
    action: 'attach',
    role: options.asReporter ? 'reporter' : null,
    public: options.purpose === 'report' || options.purpose === 'evidence',
    details: { purpose: options.purpose, attachmentIds: ids, files: options.stored.map((s) => s.file.fileName) },
  });
  return ids;
}

export async function openAttachment(deps: Deps, ctx: RequestContext, caseId: string, attachmentId: string, options: { asReporter: boolean }) {
  const scope = await authorize(deps, ctx, {
    permission: options.asReporter ? 'case.read_own' : 'case.read',
    action: 'case.attachment',
    target: { type: 'case', id: caseId },
  });
  const who = acting(ctx, scope);
  const c = await auditingRefusals(deps.db, deps.clock, who, () =>
    options.asReporter ? ownCase(deps.db, scope.actor.id, caseId) : visibleCase(deps.db, scope, caseId, 'attachment'),
  );
  const found = await repo.findAttachment(deps.db, c.id, attachmentId);
  // A reporter sees what was reported and the evidence of handling, not internal material.
  if (!found || (options.asReporter && found.purpose !== 'report' && found.purpose !== 'evidence')) throw errors.notFound('attachment', attachmentId);
  const stream: Readable = await deps.attachments.open(found.storage_key);
  return { stream, contentType: found.content_type, fileName: found.file_name, sizeBytes: found.size_bytes };
}

async function ownCase(db: repo.Db, userId: string, caseId: string) {
  const c = await repo.findCase(db, caseId);
  if (!c || !(await repo.reporterByUser(db, c.id, userId))) throw caseNotFound(caseId, 'own');
  return c;
}

async function requireMayAttach(db: repo.Db, who: ReturnType<typeof acting>, c: repo.CaseRow, purpose: AttachmentPurpose, asReporter: boolean) {
  if (asReporter) {
    if (purpose !== 'report') throw errors.validation([{ path: 'purpose', message: 'a reporter attaches to the report only' }]);
    return;
  }
  const roles = await rolesOn(db, who, c);
  const allowed =
    purpose === 'report'
      ? roles.length > 0
      : purpose === 'whistle'
        ? (await whistles.summonsOf(db, c.id)).some((s) => staffOfDepartment(who.actor, s.department_id))
        : roles.includes('assignee');
  if (!allowed) throw errors.denied(`You may not attach ${purpose} material to this case`);
}

function megabytes(bytes: number): string {
  const mb = bytes / 1024 / 1024;
  return mb >= 1 ? `${Number.isInteger(mb) ? mb : mb.toFixed(1)} MB` : `${Math.round(bytes / 1024)} KB`;
}
