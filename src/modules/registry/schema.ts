// Row types of the registry's own tables (0100-registry-catalogue.sql, 0102-registry-facts.sql),
// joined into DB in src/db/schema.ts.
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type DefaultTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export type EntityType = 'person' | 'household' | 'dwelling' | 'organisation';
export type FieldRole = 'key' | 'fact' | 'link';
export type FieldType =
  | 'text'
  | 'name'
  | 'id_number'
  | 'credit_code'
  | 'date'
  | 'code'
  | 'tag'
  | 'phone'
  | 'address'
  | 'jurisdiction'
  | 'reference';
export type Sensitivity = 'public' | 'personal' | 'sensitive';
export type Survivorship = 'trusted_then_recent' | 'most_recent' | 'union';
export type SensitiveCategory = 'health' | 'disability' | 'low_income' | 'criminal_justice';
/** A fact's value: one string, or several for fields that hold many (phones, tags). */
export type FactValue = string | string[];

export interface CodeListsTable {
  list: string;
  code: string;
  label: string;
  label_en: string;
  aliases: ColumnType<string[], string[] | undefined, string[]>;
  sort: number;
}

export interface RegistryFieldsTable {
  key: string;
  entity: EntityType;
  role: FieldRole;
  name: string;
  name_en: string;
  description: string;
  type: FieldType;
  multiple: ColumnType<boolean, boolean | undefined, boolean>;
  code_list: string | null;
  sensitivity: Sensitivity;
  sensitive_category: SensitiveCategory | null;
  owner_kind: string | null;
  survivorship: Survivorship | null;
  trusted_sources: ColumnType<string[], string[] | undefined, string[]>;
  sort: number;
}

export interface TagDefinitionsTable {
  code: string;
  name: string;
  name_en: string;
  description: ColumnType<string, string | undefined, string>;
  sensitive_category: SensitiveCategory | null;
  owner_kind: string | null;
  aliases: ColumnType<string[], string[] | undefined, string[]>;
  sort: ColumnType<number, number | undefined, number>;
  updated_at: DefaultTimestamp;
}

export interface DataSourcesTable {
  id: string;
  kind: string;
  department_id: string | null;
  dataset: string | null;
  name: string;
  created_at: DefaultTimestamp;
}

export interface OrganisationsTable {
  id: string;
  jurisdiction_path: string;
  credit_code: string | null;
  name: string;
  kind: string | null;
  legal_representative: string | null;
  phone: string | null;
  origin_source_id: ColumnType<string, string | undefined, string>;
  origin_at: DefaultTimestamp;
}

export type PersonDwellingRelation = 'registered' | 'living' | 'owner' | 'tenant';
export type OrganisationDwellingRelation = 'premises' | 'owner' | 'manager';

export interface PersonDwellingsTable {
  person_id: string;
  dwelling_id: string;
  relation: PersonDwellingRelation;
}

export interface OrganisationDwellingsTable {
  organisation_id: string;
  dwelling_id: string;
  relation: OrganisationDwellingRelation;
}

export interface RegistryStatementsTable {
  id: Generated<number>;
  entity_type: EntityType;
  entity_id: string;
  source_id: string;
  /** Field key → value. */
  facts: ColumnType<Record<string, FactValue>, string, string>;
  /** Field key → the field its value was read from. */
  derived: ColumnType<Record<string, string>, string | undefined, string>;
  observed_at: Timestamp;
  recorded_at: Timestamp;
  import_id: string | null;
  import_row: number | null;
  submission_id: string | null;
  recorded_by: string | null;
}

/** The registry_facts view: one row per fact of a statement. */
export interface RegistryFactsView {
  statement_id: number;
  entity_type: EntityType;
  entity_id: string;
  field: string;
  value: FactValue;
  source_id: string;
  observed_at: Date;
  recorded_at: Date;
  import_id: string | null;
  import_row: number | null;
  submission_id: string | null;
  recorded_by: string | null;
  derived_from: string | null;
  superseded_at: Date | null;
}

export interface SourceRecordsTable {
  source_id: string;
  record_key: string;
  entity_type: EntityType;
  entity_id: string;
  import_id: string | null;
  linked_at: Timestamp;
}

export interface RegistryTables {
  code_lists: CodeListsTable;
  registry_fields: RegistryFieldsTable;
  tag_definitions: TagDefinitionsTable;
  data_sources: DataSourcesTable;
  organisations: OrganisationsTable;
  person_dwellings: PersonDwellingsTable;
  organisation_dwellings: OrganisationDwellingsTable;
  registry_statements: RegistryStatementsTable;
  registry_facts: RegistryFactsView;
  source_records: SourceRecordsTable;
}
