// The two sample forms in the demo district, published through the same
// service a department uses, on behalf of the civil-affairs bureau.
import { findDepartment } from '../org/repo.js';
import type { Deps } from './deps.js';
import { SAMPLE_FORMS } from './engine/samples/forms.js';
import { publishForm } from './publish-form.js';

export async function seedSampleForms(deps: Deps, ownerDepartmentCode: string): Promise<number> {
  const department = await findDepartment(deps.db, ownerDepartmentCode);
  if (!department) throw new Error(`the demo has no department ${ownerDepartmentCode}`);
  for (const spec of SAMPLE_FORMS) {
    await publishForm(deps, null, { spec, fileName: `${spec.settings.formId}.xlsx`, ownerDepartmentId: department.id });
  }
  return SAMPLE_FORMS.length;
}
