// Reading and changing the tunable numbers of case handling.
import { authorize, type RequestContext } from '../../kernel/access/access.js';
import { errors } from '../../kernel/errors.js';
import type { AppDeps } from '../../app-deps.js';
import { acting, auditChange } from './audit.js';
import * as repo from './config-repo.js';
import { caseSettingsSchema, mergeSettings, type CaseSettings } from './settings.js';

type Deps = Pick<AppDeps, 'db' | 'clock'>;

export async function loadSettings(db: repo.Db): Promise<CaseSettings> {
  const rows = await repo.storedSettings(db);
  return mergeSettings(Object.fromEntries(rows.map((r) => [r.key, r.value])));
}

export async function getSettings(deps: Deps, ctx: RequestContext): Promise<CaseSettings> {
  await authorize(deps, ctx, { permission: 'case.config.read', action: 'case_settings.get' });
  return loadSettings(deps.db);
}

/** Change some settings; the result must still be valid as a whole. Returns the settings now in force. */
export async function updateSettings(deps: Deps, ctx: RequestContext | null, patch: Partial<CaseSettings>): Promise<CaseSettings> {
  const scope = ctx ? await authorize(deps, ctx, { permission: 'case.configure', action: 'case_settings.update' }) : null;
  return deps.db.transaction().execute(async (trx) => {
    const merged = caseSettingsSchema.safeParse({ ...(await loadSettings(trx)), ...patch });
    if (!merged.success) throw errors.validation(merged.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
    const who = acting(ctx, scope);
    for (const key of Object.keys(patch) as Array<keyof CaseSettings>) {
      await repo.storeSetting(trx, key, merged.data[key], deps.clock.now(), who.actor.name);
    }
    await auditChange(trx, deps.clock, who, { action: 'case_settings.update', targetType: 'case_settings', targetIds: Object.keys(patch), details: { ...patch } });
    return merged.data;
  });
}
