// Every PostgreSQL advisory lock key the platform takes, in one list: two
// features that picked the same number would silently wait on each other.
export const ADVISORY_LOCKS = {
  /** Server processes starting together migrate once. */
  migrations: 7_301_042,
  /** Appends to the hash-chained audit log are serialised. */
  auditChain: 7_301_043,
  /** Servers starting together on an empty database seed the demo once. */
  demoSeed: 7_301_044,
  /** New responsibility-rule keys are numbered one at a time. */
  responsibilityRuleKeys: 7_301_300,
} as const;
