import { z } from 'zod';
import { ROLES } from '../../kernel/access/roles.js';

export const loginBody = z.object({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(256),
});

const jurisdictionRef = z.object({ code: z.string(), name: z.string(), level: z.string() });

export const grantView = z.object({
  role: z.enum(ROLES),
  jurisdiction: jurisdictionRef,
  department: z.object({ id: z.string(), name: z.string() }).nullable(),
});

export const sessionUserView = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  grants: z.array(grantView),
});

export const sessionView = z.object({ user: sessionUserView, csrfToken: z.string() });

export const jurisdictionView = z.object({
  code: z.string(),
  name: z.string(),
  level: z.enum(['city', 'district', 'street', 'community', 'grid']),
  parentCode: z.string().nullable(),
});

export const jurisdictionDetailView = jurisdictionView.extend({ boundary: z.unknown().nullable(), childLevel: z.string().nullable() });

export type JurisdictionLevel = z.infer<typeof jurisdictionView>['level'];
export const areaView = jurisdictionView.extend({ boundary: z.unknown() });
const levelsBelow = (max: number, fallback: number) => z.coerce.number().int().min(0).max(max).default(fallback);
export const boundariesQuery = z.object({ root: z.string().max(40).optional(), levelsBelow: levelsBelow(4, 2) });
export const cityBoundariesQuery = z.object({ of: z.string().min(1).max(40), levelsBelow: levelsBelow(4, 3) });

export const departmentView = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  kind: z.string(),
  jurisdictionCode: z.string(),
  isExternal: z.boolean(),
});

export const userView = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  disabled: z.boolean(),
  createdAt: z.string(),
});

export const userDetailView = userView.extend({ grants: z.array(grantView) });

export const grantInput = z.object({
  role: z.enum(ROLES),
  jurisdictionCode: z.string().min(1),
  departmentCode: z.string().min(1).nullish(),
});

export const createUserBody = z.object({
  username: z.string().trim().min(2).max(64).regex(/^[A-Za-z0-9_.-]+$/, 'letters, digits, _ . - only'),
  displayName: z.string().trim().min(1).max(64),
  password: z.string().min(8).max(256),
  grants: z.array(grantInput).min(1),
});

export const createTokenBody = z.object({
  name: z.string().trim().min(1).max(100),
  grants: z.array(grantInput).min(1),
  expiresAt: z.iso.datetime({ offset: true }).nullish(),
});

export const pageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
