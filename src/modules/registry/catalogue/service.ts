// The data-standards catalogue over the API: field definitions, the Table Schema
// export and the managed tag dictionary.
import type { AppDeps } from '../../../app-deps.js';
import { authorize, type RequestContext } from '../../../kernel/access/access.js';
import type { EntityType, SensitiveCategory } from '../schema.js';
import { auditChange } from '../audit.js';
import * as repo from './repo.js';
import { tableSchemaOf } from './table-schema.js';

type Deps = Pick<AppDeps, 'db' | 'clock'>;

export async function describeCatalogue(deps: Deps, ctx: RequestContext) {
  await authorize(deps, ctx, { permission: 'catalogue.read', action: 'catalogue.read' });
  const catalogue = await repo.loadCatalogue(deps.db);
  return {
    fields: catalogue.fields.map((f) => ({
      ...f,
      trustedSources: [...f.trustedSources],
      codes: f.codeList ? catalogue.codes(f.codeList).map((c) => ({ ...c, aliases: [...c.aliases] })) : null,
    })),
    tags: catalogue.tags.map((t) => ({ ...t, aliases: [...t.aliases] })),
  };
}

export async function tableSchema(deps: Deps, ctx: RequestContext, entity: EntityType) {
  await authorize(deps, ctx, { permission: 'catalogue.read', action: 'catalogue.table_schema' });
  return tableSchemaOf(await repo.loadCatalogue(deps.db), entity);
}

export interface TagInput {
  name: string;
  nameEn: string;
  description: string;
  sensitiveCategory: SensitiveCategory | null;
  ownerKind: string | null;
  aliases: string[];
  sort: number;
}

/** Add a tag to the dictionary or change one; the change is audited, as it changes who may see whom. */
export async function saveTag(deps: Deps, ctx: RequestContext, code: string, input: TagInput) {
  const scope = await authorize(deps, ctx, { permission: 'catalogue.manage', action: 'catalogue.tag.save', target: { type: 'tag', id: code } });
  return deps.db.transaction().execute(async (trx) => {
    const before = await repo.findTag(trx, code);
    await repo.upsertTag(trx, { code, ...input }, deps.clock.now());
    await auditChange(trx, deps.clock, ctx, scope, {
      action: before ? 'catalogue.tag.update' : 'catalogue.tag.create',
      targetType: 'tag',
      targetIds: [code],
      purpose: 'data_quality',
      details: { sensitiveCategory: input.sensitiveCategory, before: before ? { sensitiveCategory: before.sensitive_category, name: before.name } : null },
    });
    return { code, created: !before };
  });
}
