// The category taxonomy: readable by everyone who reports or handles cases,
// edited by the system administrator.
import { authorize, type RequestContext } from '../../kernel/access/access.js';
import { errors } from '../../kernel/errors.js';
import type { AppDeps } from '../../app-deps.js';
import type { AttributeDefinition } from './attributes.js';
import { acting, auditChange } from './audit.js';
import * as repo from './config-repo.js';

type Deps = Pick<AppDeps, 'db' | 'clock'>;

export interface CategoryInput {
  code: string;
  parentCode: string | null;
  name: string;
  kind: repo.CategoryRow['kind'];
  description?: string;
  registrationCondition?: string;
  closureCondition?: string;
  keywords?: string[];
  attributes?: AttributeDefinition[];
  public?: boolean;
  active?: boolean;
  sortOrder?: number;
}

function presentCategory(row: repo.CategoryRow) {
  return {
    code: row.code,
    parentCode: row.parent_code,
    name: row.name,
    kind: row.kind,
    description: row.description,
    registrationCondition: row.registration_condition,
    closureCondition: row.closure_condition,
    keywords: row.keywords,
    attributes: row.attributes as AttributeDefinition[],
    public: row.public,
    active: row.active,
    sortOrder: row.sort_order,
  };
}

export async function listCategories(deps: Deps, ctx: RequestContext, options: { includeInactive: boolean }) {
  await authorize(deps, ctx, { permission: 'case.category.read', action: 'case_category.list' });
  return (await repo.listCategories(deps.db, options)).map(presentCategory);
}

/** Create or replace categories, parents before children, in one transaction. `ctx` null: an operator or the demo seed. */
export async function saveCategories(deps: Deps, ctx: RequestContext | null, inputs: CategoryInput[]): Promise<void> {
  const scope = ctx ? await authorize(deps, ctx, { permission: 'case.configure', action: 'case_category.save' }) : null;
  await deps.db.transaction().execute(async (trx) => {
    for (const [index, input] of inputs.entries()) {
      const at = (field: string) => (inputs.length === 1 ? field : `[${index}].${field}`);
      if (input.parentCode !== null) {
        if (input.parentCode === input.code) throw errors.validation([{ path: at('parentCode'), message: 'a category cannot be its own parent' }]);
        const lineage = await repo.categoryLineage(trx, input.parentCode);
        if (lineage.length === 0) throw errors.validation([{ path: at('parentCode'), message: `unknown category ${input.parentCode}` }]);
        if (lineage.some((c) => c.code === input.code)) throw errors.validation([{ path: at('parentCode'), message: `${input.parentCode} lies under ${input.code}: that would be a loop` }]);
      }
      const codes = (input.attributes ?? []).map((a) => a.code);
      const repeated = codes.find((c, i) => codes.indexOf(c) !== i);
      if (repeated) throw errors.validation([{ path: at('attributes'), message: `question code ${repeated} is used twice` }]);
      await repo.upsertCategory(
        trx,
        {
          code: input.code,
          parent_code: input.parentCode,
          name: input.name,
          kind: input.kind,
          description: input.description ?? '',
          registration_condition: input.registrationCondition ?? '',
          closure_condition: input.closureCondition ?? '',
          keywords: input.keywords ?? [],
          attributes: input.attributes ?? [],
          public: input.public ?? true,
          active: input.active ?? true,
          sort_order: input.sortOrder ?? 0,
        },
        deps.clock.now(),
      );
    }
    await auditChange(trx, deps.clock, acting(ctx, scope), {
      action: 'case_category.save',
      targetType: 'case_category',
      targetIds: inputs.map((i) => i.code),
    });
  });
}
