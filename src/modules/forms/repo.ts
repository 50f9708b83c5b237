// SQL over forms, submissions, their review history and write-back conflicts.
// Everything that touches a submission takes a Scope and filters by the
// jurisdiction the subject was placed in when the form was opened.
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { withinScope, type Scope } from '../../kernel/access/access.js';
import type { Answers, FormSpec, PrefillSnapshot, RegistryValue } from './engine/index.js';
import type { ConflictStatus, FormStatus, SubjectType, SubmissionAction, SubmissionStatus, WriteBackRecord } from './schema.js';

type Db = Kysely<DB>;

// ── forms ────────────────────────────────────────────────────────────────

export interface NewForm {
  id: string;
  formKey: string;
  version: number;
  title: string;
  spec: FormSpec;
  subjectType: SubjectType;
  ownerDepartmentId: string;
  fileName: string | null;
  publishedBy: string | null;
  publishedAt: Date;
}

export async function insertForm(db: Db, form: NewForm): Promise<void> {
  await db
    .insertInto('forms')
    .values({
      id: form.id,
      form_key: form.formKey,
      version: form.version,
      title: form.title,
      spec: JSON.stringify(form.spec),
      subject_type: form.subjectType,
      owner_department_id: form.ownerDepartmentId,
      status: 'active',
      file_name: form.fileName,
      published_by: form.publishedBy,
      published_at: form.publishedAt,
    })
    .execute();
}

/** The versions of a form so far, newest first, locked: two publications of one form take turns. */
export function versionsOf(db: Db, formKey: string) {
  return db.selectFrom('forms').select(['id', 'version', 'status', 'spec', 'owner_department_id']).where('form_key', '=', formKey).orderBy('version', 'desc').forUpdate().execute();
}

export async function retireForm(db: Db, id: string): Promise<void> {
  await db.updateTable('forms').set({ status: 'retired' }).where('id', '=', id).execute();
}

function formsQuery(db: Db) {
  return db
    .selectFrom('forms as f')
    .innerJoin('departments as d', 'd.id', 'f.owner_department_id')
    .leftJoin('users as u', 'u.id', 'f.published_by')
    .select([
      'f.id',
      'f.form_key',
      'f.version',
      'f.title',
      'f.spec',
      'f.subject_type',
      'f.status',
      'f.file_name',
      'f.published_at',
      'd.code as department_code',
      'd.name as department_name',
      'u.display_name as published_by_name',
    ]);
}

export type FormRow = Awaited<ReturnType<typeof findForm>> & object;

export function findForm(db: Db, id: string) {
  return formsQuery(db).where('f.id', '=', id).executeTakeFirst();
}

export function listForms(db: Db, filter: { status: FormStatus | null }) {
  let query = formsQuery(db);
  if (filter.status) query = query.where('f.status', '=', filter.status);
  return query.orderBy('f.form_key').orderBy('f.version', 'desc').execute();
}

// ── submissions ──────────────────────────────────────────────────────────

export interface NewSubmission {
  id: string;
  formId: string;
  subject: Subject;
  jurisdictionPath: string;
  prefill: PrefillSnapshot;
  workerId: string;
  at: Date;
}

/** False when the worker's open submission of the form on the record was created meanwhile (two taps on "open"). */
export async function insertSubmission(db: Db, s: NewSubmission): Promise<boolean> {
  const inserted = await db
    .insertInto('form_submissions')
    .values({
      id: s.id,
      form_id: s.formId,
      subject_type: s.subject.type,
      subject_id: s.subject.id,
      jurisdiction_path: s.jurisdictionPath,
      prefill: JSON.stringify(s.prefill),
      answers: '{}',
      status: 'draft',
      worker_id: s.workerId,
      opened_at: s.at,
      saved_at: s.at,
    })
    .onConflict((oc) => oc.columns(['form_id', 'subject_type', 'subject_id', 'worker_id']).where('status', 'in', ['draft', 'returned']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted !== undefined;
}

/** The worker's unfinished submission of this form on this record, if any. */
export function findOpenSubmission(db: Db, formId: string, subject: Subject, workerId: string) {
  return db
    .selectFrom('form_submissions')
    .select('id')
    .where('form_id', '=', formId)
    .where('subject_type', '=', subject.type)
    .where('subject_id', '=', subject.id)
    .where('worker_id', '=', workerId)
    .where('status', 'in', ['draft', 'returned'])
    .executeTakeFirst();
}

/** The record a form was opened on. */
export interface Subject {
  type: SubjectType;
  id: string;
}

/**
 * Every record a form may be opened on, with the name and address a
 * submission shows for it: a person's own, a household's head's (the
 * household's address), a dwelling's address alone. Joined on (type, id), so
 * only the submissions' own records are read.
 */
function subjectNames(db: Db) {
  return db
    .selectFrom('people as p')
    .leftJoin('dwellings as d', 'd.id', 'p.dwelling_id')
    .select([sql.lit('person').as('type'), 'p.id', sql<string | null>`p.name`.as('name'), 'd.address'])
    .unionAll(
      db
        .selectFrom('households as h')
        .leftJoin('people as hp', 'hp.id', 'h.head_person_id')
        .leftJoin('dwellings as d', 'd.id', 'h.dwelling_id')
        .select([sql.lit('household').as('type'), 'h.id', sql<string | null>`hp.name`.as('name'), 'd.address']),
    )
    .unionAll(db.selectFrom('dwellings as d').select([sql.lit('dwelling').as('type'), 'd.id', sql<string | null>`NULL::text`.as('name'), 'd.address']));
}

function submissionsQuery(db: Db, scope: Scope) {
  return db
    .selectFrom('form_submissions as s')
    .innerJoin('forms as f', 'f.id', 's.form_id')
    .innerJoin('users as w', 'w.id', 's.worker_id')
    .leftJoin('users as r', 'r.id', 's.reviewed_by')
    // The subject's current name and address: a submission stays readable when they change.
    .leftJoin(subjectNames(db).as('n'), (join) => join.onRef('n.type', '=', 's.subject_type').onRef('n.id', '=', 's.subject_id'))
    .select([
      's.id',
      's.form_id',
      's.subject_type',
      's.subject_id',
      's.jurisdiction_path',
      's.prefill',
      's.answers',
      's.status',
      's.worker_id',
      's.opened_at',
      's.saved_at',
      's.submitted_at',
      's.reviewed_by',
      's.reviewed_at',
      's.write_back',
      'f.title as form_title',
      'f.version as form_version',
      'f.form_key',
      'w.display_name as worker_name',
      'r.display_name as reviewer_name',
      'n.name as subject_name',
      'n.address as subject_address',
    ])
    .where(withinScope(scope, 's.jurisdiction_path'));
}

export type SubmissionRow = Awaited<ReturnType<typeof findSubmission>> & object;

/**
 * Whose eyes: a worker sees their own submissions; a reviewer sees everyone's
 * in the scope except drafts, which stay their worker's until submitted.
 */
export interface Viewer {
  id: string;
  reviewer: boolean;
}

function visibleTo<Q extends ReturnType<typeof submissionsQuery>>(query: Q, viewer: Viewer): Q {
  if (!viewer.reviewer) return query.where('s.worker_id', '=', viewer.id) as Q;
  return query.where((eb) => eb.or([eb('s.status', '!=', 'draft'), eb('s.worker_id', '=', viewer.id)])) as Q;
}

/** A submission in the scope that the viewer may see; locked when `forUpdate`. */
export function findSubmission(db: Db, scope: Scope, viewer: Viewer, id: string, options: { forUpdate?: boolean } = {}) {
  let query = visibleTo(submissionsQuery(db, scope), viewer).where('s.id', '=', id);
  if (options.forUpdate) query = query.forUpdate('s');
  return query.executeTakeFirst();
}

export interface SubmissionFilter {
  statuses: readonly SubmissionStatus[];
  /** Only the viewer's own, also for a reviewer. */
  mine: boolean;
  formId: string | null;
  limit: number;
  offset: number;
}

export function listSubmissions(db: Db, scope: Scope, viewer: Viewer, filter: SubmissionFilter) {
  let query = visibleTo(submissionsQuery(db, scope), viewer);
  if (filter.statuses.length) query = query.where('s.status', 'in', [...filter.statuses]);
  if (filter.mine) query = query.where('s.worker_id', '=', viewer.id);
  if (filter.formId) query = query.where('s.form_id', '=', filter.formId);
  // Oldest submission first: the review queue is worked in order of arrival; drafts most recently touched first.
  return query
    .orderBy(sql`s.submitted_at ASC NULLS LAST`)
    .orderBy('s.saved_at', 'desc')
    .orderBy('s.id')
    .limit(filter.limit)
    .offset(filter.offset)
    .execute();
}

export interface SubmissionChange {
  answers?: Answers;
  status?: SubmissionStatus;
  savedAt?: Date;
  submittedAt?: Date;
  reviewedBy?: string;
  reviewedAt?: Date;
  writeBack?: WriteBackRecord;
}

export async function updateSubmission(db: Db, id: string, change: SubmissionChange): Promise<void> {
  await db
    .updateTable('form_submissions')
    .set({
      ...(change.answers !== undefined && { answers: JSON.stringify(change.answers) }),
      ...(change.status !== undefined && { status: change.status }),
      ...(change.savedAt !== undefined && { saved_at: change.savedAt }),
      ...(change.submittedAt !== undefined && { submitted_at: change.submittedAt }),
      ...(change.reviewedBy !== undefined && { reviewed_by: change.reviewedBy }),
      ...(change.reviewedAt !== undefined && { reviewed_at: change.reviewedAt }),
      ...(change.writeBack !== undefined && { write_back: JSON.stringify(change.writeBack) }),
    })
    .where('id', '=', id)
    .execute();
}

export async function insertEvent(
  db: Db,
  event: { submissionId: string; action: SubmissionAction; actorId: string | null; actorName: string; at: Date; comment: string | null },
): Promise<void> {
  await db
    .insertInto('form_submission_events')
    .values({ submission_id: event.submissionId, action: event.action, actor_id: event.actorId, actor_name: event.actorName, at: event.at, comment: event.comment })
    .execute();
}

/** The history, each step with its actor's current display name (the name recorded at the time for tokens and the operator). */
export function eventsOf(db: Db, submissionId: string) {
  return db
    .selectFrom('form_submission_events as e')
    .leftJoin('users as u', 'u.id', 'e.actor_id')
    .select(['e.action', 'e.at', 'e.comment', sql<string>`coalesce(u.display_name, e.actor_name)`.as('actor_name')])
    .where('e.submission_id', '=', submissionId)
    .orderBy('e.id')
    .execute();
}

// ── conflicts ────────────────────────────────────────────────────────────

export interface NewConflict {
  id: string;
  submissionId: string;
  jurisdictionPath: string;
  question: string;
  field: string;
  answer: RegistryValue;
  openedValue: RegistryValue;
  currentValue: RegistryValue;
  at: Date;
}

export async function insertConflicts(db: Db, conflicts: readonly NewConflict[]): Promise<void> {
  if (conflicts.length === 0) return;
  await db
    .insertInto('form_conflicts')
    .values(
      conflicts.map((c) => ({
        id: c.id,
        submission_id: c.submissionId,
        jurisdiction_path: c.jurisdictionPath,
        question: c.question,
        field: c.field,
        answer: JSON.stringify(c.answer),
        opened_value: JSON.stringify(c.openedValue),
        current_value: JSON.stringify(c.currentValue),
        status: 'open' as const,
        created_at: c.at,
      })),
    )
    .execute();
}

function conflictsQuery(db: Db, scope: Scope) {
  return db
    .selectFrom('form_conflicts as c')
    .innerJoin('form_submissions as s', 's.id', 'c.submission_id')
    .innerJoin('forms as f', 'f.id', 's.form_id')
    .innerJoin('users as w', 'w.id', 's.worker_id')
    .leftJoin('users as r', 'r.id', 'c.resolved_by')
    .leftJoin(subjectNames(db).as('n'), (join) => join.onRef('n.type', '=', 's.subject_type').onRef('n.id', '=', 's.subject_id'))
    .select([
      'c.id',
      'c.submission_id',
      'c.question',
      'c.field',
      'c.answer',
      'c.opened_value',
      'c.current_value',
      'c.status',
      'c.created_at',
      'c.resolved_at',
      'c.resolution_comment',
      's.subject_type',
      's.subject_id',
      's.form_id',
      's.worker_id',
      's.submitted_at',
      'f.title as form_title',
      'f.spec',
      'w.display_name as worker_name',
      'r.display_name as resolver_name',
      'n.name as subject_name',
    ])
    .where(withinScope(scope, 'c.jurisdiction_path'));
}

export type ConflictRow = Awaited<ReturnType<typeof findConflict>> & object;

export function listConflicts(db: Db, scope: Scope, filter: { status: ConflictStatus | null; submissionId: string | null; limit: number; offset: number }) {
  let query = conflictsQuery(db, scope);
  if (filter.status) query = query.where('c.status', '=', filter.status);
  if (filter.submissionId) query = query.where('c.submission_id', '=', filter.submissionId);
  return query.orderBy('c.created_at').orderBy('c.id').limit(filter.limit).offset(filter.offset).execute();
}

export function findConflict(db: Db, scope: Scope, id: string, options: { forUpdate?: boolean } = {}) {
  let query = conflictsQuery(db, scope).where('c.id', '=', id);
  if (options.forUpdate) query = query.forUpdate('c');
  return query.executeTakeFirst();
}

export async function resolveConflict(db: Db, id: string, resolution: { status: ConflictStatus; by: string | null; at: Date; comment: string | null }): Promise<void> {
  await db
    .updateTable('form_conflicts')
    .set({ status: resolution.status, resolved_by: resolution.by, resolved_at: resolution.at, resolution_comment: resolution.comment })
    .where('id', '=', id)
    .execute();
}

/** Open conflicts and submissions awaiting review in the scope: the reviewer's to-do counts. */
export async function reviewCounts(db: Db, scope: Scope): Promise<{ submitted: number; conflicts: number }> {
  const submitted = await db
    .selectFrom('form_submissions as s')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('s.status', '=', 'submitted')
    .where(withinScope(scope, 's.jurisdiction_path'))
    .executeTakeFirstOrThrow();
  const conflicts = await db
    .selectFrom('form_conflicts as c')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('c.status', '=', 'open')
    .where(withinScope(scope, 'c.jurisdiction_path'))
    .executeTakeFirstOrThrow();
  return { submitted: Number(submitted.n), conflicts: Number(conflicts.n) };
}
