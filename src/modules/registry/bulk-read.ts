// Every person in a scope, page by page, for modules that export in bulk (the
// data-sharing export). The caller has authorised the scope and audits the read.
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Scope } from '../../kernel/access/access.js';
import { peopleForExport, type ExportPersonRow } from './repo.js';

const PAGE = 2000;

export async function* peopleInScope(db: Kysely<DB>, scope: Scope): AsyncGenerator<ExportPersonRow[]> {
  for (let afterId: string | null = null; ; ) {
    const page = await peopleForExport(db, scope, { afterId, limit: PAGE });
    if (page.length > 0) yield page;
    if (page.length < PAGE) return;
    afterId = page[page.length - 1].id;
  }
}

export type { ExportPersonRow };
