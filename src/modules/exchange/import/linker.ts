/**
 * The seam between importing and record linkage: for each incoming row that
 * describes a person, which registry person is it — an existing one, a new one,
 * or unsure, for a data steward to decide. Imports depend only on this
 * interface. The exact linker below is the ID-number rule alone; imports use
 * the registry linker (src/modules/exchange/linking/registry-linker.ts), which
 * adds Fellegi–Sunter scoring for rows with no or a mistyped ID number.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../../db/schema.js';
import { anyText } from '../../registry/sql.js';

export interface LinkCandidate {
  /** Row number in the file, to report back on. */
  row: number;
  /** The data source the row comes from. */
  source: string;
  /** Normalised 18-character ID number, when the row had a valid one. */
  idNumber: string | null;
  name: string | null;
  /** YYYY-MM-DD, or YYYY-MM when the source knows only the month. */
  birthDate: string | null;
  sex: string | null;
  phones: readonly string[];
  address: string | null;
  /** The department's key of the record (its ID number unless the profile names key columns). */
  recordKey?: string;
  /** The registry dwelling the row names, once placed. */
  dwellingId?: string | null;
  /** The dwelling is where the source says the person is registered (户籍). */
  registeredThere?: boolean;
  /** An ID number failing only its check character: not stored, but evidence for linkage. */
  suspectIdNumber?: string | null;
}

/** A candidate pair's score (bits of log-odds) and which fields counted how much. */
export interface LinkScore {
  personId: string;
  weight: number;
  explanation: unknown;
  reason?: string;
}

export type LinkDecision =
  /** `jurisdictionPath`: where the person is placed, when the linker read it (the import then need not read it again). */
  | { kind: 'existing'; personId: string; rule: string; score?: LinkScore; jurisdictionPath?: string }
  | { kind: 'new'; best?: LinkScore | null }
  | { kind: 'review'; candidates: readonly string[]; detail: string; scores?: readonly LinkScore[] }
  /**
   * No registry person, but the same person as an earlier row of this chunk
   * that becomes a new one: both rows go to that one new person.
   */
  | { kind: 'same_as_row'; row: number; weight: number; explanation: unknown };

export interface LinkContext {
  importId: string;
  sourceId: string;
  now: Date;
}

/** What became of a row the linker decided on, once the chunk was applied. */
export interface SettledRow {
  candidate: LinkCandidate;
  decision: LinkDecision;
  /** The person the row was applied to (existing or created); null when held or quarantined. */
  personId: string | null;
  status: 'applied' | 'held' | 'rejected';
}

export interface Linker {
  /** One decision per candidate, in the same order. Runs inside the import's chunk transaction. */
  link(db: Kysely<DB>, candidates: readonly LinkCandidate[], ctx?: LinkContext): Promise<LinkDecision[]>;
  /** After the chunk's claims are applied, in the same transaction: keep the decisions, refresh what depends on the people written. */
  settle?(db: Kysely<DB>, ctx: LinkContext, rows: readonly SettledRow[], people: readonly string[]): Promise<void>;
}

/** Exact linkage on the normalised ID number: the same number is the same person. */
export const exactIdNumberLinker: Linker = {
  async link(db, candidates) {
    const numbers = [...new Set(candidates.map((c) => c.idNumber).filter((n): n is string => n !== null))];
    const found = numbers.length === 0 ? [] : await db
      .selectFrom('people')
      .select(['id', 'id_number', 'jurisdiction_path'])
      .where(sql<boolean>`id_number = ${anyText(numbers)}`)
      .orderBy('id')
      .execute();
    const holders = new Map<string, string[]>();
    const paths = new Map(found.map((row) => [row.id, row.jurisdiction_path]));
    for (const row of found) holders.set(row.id_number!, [...(holders.get(row.id_number!) ?? []), row.id]);
    return candidates.map((c): LinkDecision => {
      const people = c.idNumber ? (holders.get(c.idNumber) ?? []) : [];
      if (people.length === 1) return { kind: 'existing', personId: people[0], rule: 'id_number', jurisdictionPath: paths.get(people[0]) };
      // Two registry people with one ID number are a duplicate someone must resolve, not a guess to make here.
      if (people.length > 1) return { kind: 'review', candidates: people, detail: `${people.length} people in the registry have this ID number` };
      return { kind: 'new' };
    });
  },
};
