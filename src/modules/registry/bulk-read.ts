// Every person in a scope, page by page, for modules that export in bulk (the
// data-sharing export). The caller has authorised the scope and audits the read.
// Each page is its own short query (keyset on the id), so an export holds no
// transaction open while its file goes out.
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Scope } from '../../kernel/access/access.js';
import { countPeopleForExport, peopleForExport, type ExportPersonRow } from './repo.js';

const PAGE = 2000;

export async function* peopleInScope(db: Kysely<DB>, scope: Scope, pageSize = PAGE): AsyncGenerator<ExportPersonRow[]> {
  for (let afterId: string | null = null; ; ) {
    const page = await peopleForExport(db, scope, { afterId, limit: pageSize });
    if (page.length > 0) yield page;
    if (page.length < pageSize) return;
    afterId = page[page.length - 1].id;
  }
}

/** How many people peopleInScope would list if it started now. */
export function countPeopleInScope(db: Kysely<DB>, scope: Scope): Promise<number> {
  return countPeopleForExport(db, scope);
}

export type { ExportPersonRow };
