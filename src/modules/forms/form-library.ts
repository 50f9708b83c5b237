// The published forms: listed, read as a spec, and downloaded as the same
// XLSForm workbook a department would upload. Definitions hold no personal data.
import { authorize, type RequestContext } from '../../kernel/access/access.js';
import { errors } from '../../kernel/errors.js';
import type { Deps } from './deps.js';
import { writeXlsForm } from './engine/index.js';
import { presentForm } from './present.js';
import * as repo from './repo.js';
import type { FormStatus } from './schema.js';

export async function listForms(deps: Deps, ctx: RequestContext, query: { status: FormStatus | null }) {
  await authorize(deps, ctx, { permission: 'form.read', action: 'form.list' });
  return (await repo.listForms(deps.db, query)).map(presentForm);
}

export async function getForm(deps: Deps, ctx: RequestContext, id: string) {
  await authorize(deps, ctx, { permission: 'form.read', action: 'form.get', target: { type: 'form', id } });
  const form = await repo.findForm(deps.db, id);
  if (!form) throw errors.notFound('form', id);
  return { ...presentForm(form), spec: form.spec };
}

export async function downloadForm(deps: Deps, ctx: RequestContext, id: string): Promise<{ fileName: string; bytes: Buffer }> {
  await authorize(deps, ctx, { permission: 'form.read', action: 'form.download', target: { type: 'form', id } });
  const form = await repo.findForm(deps.db, id);
  if (!form) throw errors.notFound('form', id);
  return { fileName: `${form.form_key}-v${form.version}.xlsx`, bytes: await writeXlsForm(form.spec) };
}
