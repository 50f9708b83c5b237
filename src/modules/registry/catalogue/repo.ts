// SQL over the catalogue tables. The catalogue holds no personal data, so reads take no Scope.
import type { Kysely } from 'kysely';
import type { DB } from '../../../db/schema.js';
import { Catalogue, type CodeDefinition, type TagDefinition } from './catalogue.js';

export async function loadCatalogue(db: Kysely<DB>): Promise<Catalogue> {
  const [fields, codes, tags] = await Promise.all([
    db.selectFrom('registry_fields').selectAll().orderBy('sort').execute(),
    db.selectFrom('code_lists').selectAll().orderBy('list').orderBy('sort').execute(),
    db.selectFrom('tag_definitions').selectAll().orderBy('sort').orderBy('code').execute(),
  ]);
  const codeLists = new Map<string, CodeDefinition[]>();
  for (const c of codes) {
    const list = codeLists.get(c.list) ?? [];
    list.push({ code: c.code, label: c.label, labelEn: c.label_en, aliases: c.aliases });
    codeLists.set(c.list, list);
  }
  return new Catalogue(
    fields.map((f) => ({
      key: f.key,
      entity: f.entity,
      role: f.role,
      name: f.name,
      nameEn: f.name_en,
      description: f.description,
      type: f.type,
      multiple: f.multiple,
      codeList: f.code_list,
      sensitivity: f.sensitivity,
      sensitiveCategory: f.sensitive_category,
      ownerKind: f.owner_kind,
      survivorship: f.survivorship,
      trustedSources: f.trusted_sources,
    })),
    codeLists,
    tags.map(tagFromRow),
  );
}

type TagRow = Awaited<ReturnType<typeof findTag>> & object;

function tagFromRow(t: TagRow): TagDefinition {
  return {
    code: t.code,
    name: t.name,
    nameEn: t.name_en,
    description: t.description,
    sensitiveCategory: t.sensitive_category,
    ownerKind: t.owner_kind,
    aliases: t.aliases,
  };
}

export function findTag(db: Kysely<DB>, code: string) {
  return db.selectFrom('tag_definitions').selectAll().where('code', '=', code).executeTakeFirst();
}

export async function upsertTag(db: Kysely<DB>, tag: TagDefinition & { sort: number }, at: Date): Promise<void> {
  const row = {
    code: tag.code,
    name: tag.name,
    name_en: tag.nameEn,
    description: tag.description,
    sensitive_category: tag.sensitiveCategory,
    owner_kind: tag.ownerKind,
    aliases: [...tag.aliases],
    sort: tag.sort,
    updated_at: at,
  };
  await db
    .insertInto('tag_definitions')
    .values(row)
    .onConflict((oc) => oc.column('code').doUpdateSet(row))
    .execute();
}
