/**
 * Publishing a form: a department's XLSForm workbook is read strictly and
 * checked against the registry catalogue (every bind::registry must name a
 * field of the record the form is opened on — a person, a household or a
 * dwelling, settings `subject` — that a form can bind to, with a fitting
 * question type), then stored
 * as the next version of its form_id. The previous version is retired; the
 * submissions filled on it keep pointing at it. Publishing what is already
 * the current version changes nothing.
 */
import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { sql } from 'kysely';
import { authorize, scopeCovers, type RequestContext, type Scope } from '../../kernel/access/access.js';
import { AppError, errors } from '../../kernel/errors.js';
import { findDepartment, findJurisdiction } from '../org/repo.js';
import { loadCatalogue } from '../registry/catalogue/repo.js';
import { auditChange, userIdOf } from './audit.js';
import { bindableFields, FormBindings, registryFieldKinds } from './bindings.js';
import type { Deps } from './deps.js';
import { compileForm, formatIssue, FormSpecError, readXlsForm, type FormSpec } from './engine/index.js';
import { presentForm, type FormSummary } from './present.js';
import * as repo from './repo.js';

export interface PublishOutcome {
  form: FormSummary;
  /** False when the workbook was the current version already. */
  created: boolean;
  /** Choices of bound questions that the registry has no code for: kept in submissions, never written back. */
  unmappedChoices: Array<{ question: string; field: string; choices: string[] }>;
}

export async function uploadForm(
  deps: Deps,
  ctx: RequestContext,
  upload: { fileName: string; bytes: Uint8Array; departmentCode?: string },
): Promise<PublishOutcome> {
  const scope = await authorize(deps, ctx, { permission: 'form.manage', action: 'form.publish' });
  const department = await ownerDepartment(deps, scope, upload.departmentCode);
  const catalogue = await loadCatalogue(deps.db);
  const spec = await specOrIssues(() => readXlsForm(upload.bytes, { registryFields: registryFieldKinds(bindableFields(catalogue)) }));
  return publishForm(deps, { ctx, scope }, { spec, fileName: upload.fileName, ownerDepartmentId: department.id });
}

/** The department a form is published for: department staff publish their own; a data steward names one in their jurisdiction. */
async function ownerDepartment(deps: Deps, scope: Scope, code: string | undefined) {
  if (!code) {
    if (scope.departmentIds.length === 1) return (await findDepartment(deps.db, scope.departmentIds[0]))!;
    throw errors.validation([{ path: 'querystring.departmentCode', message: 'name the department that owns the form' }]);
  }
  const department = await findDepartment(deps.db, code);
  if (!department) throw errors.validation([{ path: 'querystring.departmentCode', message: `no department ${code}` }]);
  const place = await findJurisdiction(deps.db, department.jurisdiction_code);
  const allowed = scope.departmentIds.length ? scope.departmentIds.includes(department.id) : place !== undefined && scopeCovers(scope, place.path);
  if (!allowed) throw errors.denied(`You do not publish forms for ${department.name}`);
  return department;
}

/** The result of reading or compiling a form, or its problems as a 400 naming sheet, row and column. */
async function specOrIssues<T>(read: () => Promise<T> | T): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (!(error instanceof FormSpecError)) throw error;
    throw new AppError('form.invalid', error.issues.map(formatIssue).join('\n'), 400, { issues: error.issues });
  }
}

/**
 * Store a checked spec as the form's next version. `who` is null for the
 * operator (the demo seed publishes the sample forms this way).
 */
export async function publishForm(
  deps: Deps,
  who: { ctx: RequestContext; scope: Scope } | null,
  input: { spec: FormSpec; fileName: string | null; ownerDepartmentId: string },
): Promise<PublishOutcome> {
  return deps.db.transaction().execute(async (trx) => {
    const catalogue = await loadCatalogue(trx);
    const bindable = bindableFields(catalogue, input.spec.settings.subject ?? 'person');
    const compiled = await specOrIssues(() => compileForm(input.spec, { registryFields: registryFieldKinds(bindable) }));
    const { spec } = compiled;
    const formKey = spec.settings.formId;
    // Versions of one form are numbered in turn, also when two are published at once.
    await sql`SELECT pg_advisory_xact_lock(hashtext(${`form:${formKey}`}))`.execute(trx);
    const versions = await repo.versionsOf(trx, formKey);
    const active = versions.find((v) => v.status === 'active');
    if (versions.length && versions[0].owner_department_id !== input.ownerDepartmentId) {
      throw errors.conflict('form.owned_elsewhere', `The form ${formKey} belongs to another department; give yours another form_id`);
    }
    const unmappedChoices = new FormBindings(compiled, catalogue, bindable).unmappedChoices();
    if (active && isDeepStrictEqual(active.spec, spec)) {
      return { form: presentForm((await repo.findForm(trx, active.id))!), created: false, unmappedChoices };
    }
    if (active) await repo.retireForm(trx, active.id);
    const id = randomUUID();
    await repo.insertForm(trx, {
      id,
      formKey,
      version: (versions[0]?.version ?? 0) + 1,
      title: spec.settings.formTitle ?? formKey,
      spec,
      subjectType: spec.settings.subject ?? 'person',
      ownerDepartmentId: input.ownerDepartmentId,
      fileName: input.fileName,
      publishedBy: who ? userIdOf(who.scope.actor) : null,
      publishedAt: deps.clock.now(),
    });
    await auditChange(trx, deps.clock, who?.ctx ?? null, who?.scope ?? null, {
      action: 'form.publish',
      targetType: 'form',
      targetIds: [id],
      details: { formKey, replaces: active?.id ?? null },
    });
    return { form: presentForm((await repo.findForm(trx, id))!), created: true, unmappedChoices };
  });
}
