// Row types of the linkage tables (0110-registry-linkage.sql), joined into DB in src/db/schema.ts.
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json = ColumnType<unknown, string, string>;

export type LinkKeyKind = 'name_birth' | 'phone' | 'surname_dwelling' | 'id_core';
export type DecisionOutcome = 'exact_id' | 'linked' | 'review' | 'new' | 'steward_linked' | 'steward_new';
export type ReviewStatus = 'pending' | 'same' | 'different' | 'withdrawn';
export type CorrectionKind = 'id_number_invalid' | 'birth_date_conflicts_with_id' | 'registered_in_two_dwellings';

export interface LinkingTables {
  person_link_keys: { kind: LinkKeyKind; key: string; person_id: string };
  person_link_basis: { person_id: string; basis: string; keys: string[] | null };
  linkage_models: { import_id: string; model: Json; estimated: boolean; details: Json; created_at: Timestamp };
  linkage_decisions: {
    import_id: string;
    row_number: number;
    source_id: string;
    record_key: string;
    outcome: DecisionOutcome;
    person_id: string | null;
    candidate_id: string | null;
    weight: number | null;
    explanation: Json | null;
    decided_at: Timestamp;
    decided_by: string | null;
  };
  linkage_reviews: {
    id: Generated<string>;
    source_id: string;
    record_key: string;
    import_id: string;
    row_number: number;
    person_id: string;
    jurisdiction_path: string;
    reason: string;
    weight: number;
    explanation: Json;
    status: ReviewStatus;
    created_at: Timestamp;
    decided_at: Timestamp | null;
    decided_by: string | null;
    decided_by_name: string | null;
    note: string | null;
  };
  linkage_separations: { source_id: string; record_key: string; person_id: string; created_at: Timestamp; created_by: string | null };
  person_merges: {
    id: Generated<string>;
    survivor_id: string;
    merged_id: string;
    jurisdiction_path: string;
    reason: string;
    snapshot: Json;
    merged_at: Timestamp;
    merged_by: string | null;
    merged_by_name: string;
    unmerged_at: Timestamp | null;
    unmerged_by: string | null;
    unmerged_by_name: string | null;
    unmerge_reason: string | null;
  };
  linkage_corrections: {
    id: Generated<string>;
    source_id: string;
    record_key: string;
    import_id: string;
    row_number: number;
    person_id: string | null;
    jurisdiction_path: string;
    kind: CorrectionKind;
    field: string;
    value: string | null;
    suggestion: string | null;
    detail: string | null;
    created_at: Timestamp;
  };
}
