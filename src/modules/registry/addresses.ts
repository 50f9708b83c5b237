// Registry addresses for other modules: where a dwelling is, for placing
// something reported at it (a case's Open311 address_id). Only the address and
// its grid — never who lives there.
import type { AppDeps } from '../../app-deps.js';
import { authorize, type RequestContext } from '../../kernel/access/access.js';
import * as repo from './repo.js';

type Deps = Pick<AppDeps, 'db' | 'clock'>;

export interface ReportAddress {
  id: string;
  address: string;
  gridCode: string | null;
  communityCode: string | null;
}

/** The dwelling's address and grid when it lies in the reporter's jurisdiction; null when it is unknown there. */
export async function addressForReport(deps: Deps, ctx: RequestContext, id: string): Promise<ReportAddress | null> {
  const scope = await authorize(deps, ctx, { permission: 'case.report', action: 'dwelling.address', target: { type: 'dwelling', id } });
  const found = await repo.findDwelling(deps.db, scope, id);
  return found ? { id: found.id, address: found.address, gridCode: found.grid_code, communityCode: found.community_code } : null;
}
