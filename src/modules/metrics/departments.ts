// Department names for metrics and report templates, through the org module's public look-up.
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { findDepartment } from '../org/service.js';

export interface DepartmentView {
  id: string;
  code: string;
  name: string;
}

export async function departmentsById(db: Kysely<DB>, ids: ReadonlyArray<string | null>): Promise<Map<string, DepartmentView>> {
  const out = new Map<string, DepartmentView>();
  for (const id of new Set(ids)) {
    if (!id) continue;
    const found = await findDepartment(db, id);
    if (found) out.set(id, { id: found.id, code: found.code, name: found.name });
  }
  return out;
}
