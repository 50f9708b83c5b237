/**
 * Checking and correction (校核纠错): once records are grouped into persons,
 * disagreements between them point at errors in a source, and each goes back to
 * the department that holds the wrong value.
 *
 * - an ID number failing GB 11643 validation, with the person's valid number as
 *   the suggestion when it is one typo away;
 * - a birth date differing from the one encoded in the person's ID number (the
 *   number is the authority: it is checked, the date field is not);
 * - one person in two dwellings of the same source's register.
 */

import { validateIdNumber } from '../../../lib/id-number.js';
import { compareAddresses } from './address-tokens.js';
import { differByOneTypo, type RecordTable } from './comparison.js';

export type CorrectionKind = 'id_number_invalid' | 'birth_date_conflicts_with_id' | 'registered_in_two_dwellings';

export interface CorrectionItem {
  /** The department or dataset to send the item to. */
  source: string;
  sourceRowId: string;
  kind: CorrectionKind;
  field: 'idNumber' | 'birthDate' | 'address';
  value: string;
  /** The value the linked records support, when there is one. */
  suggestion?: string;
  /** For an invalid ID number: which check it fails (checksum, birth_date, length, characters). */
  problem?: string;
  /** The same person's other rows that the finding rests on. */
  evidenceRowIds: string[];
}

/** `personOf[i]` is any label shared exactly by the records of one person. */
export function findDiscrepancies(table: RecordTable, personOf: Int32Array): CorrectionItem[] {
  const order = Array.from({ length: table.size }, (_, i) => i).sort((x, y) => personOf[x] - personOf[y] || x - y);
  const items: CorrectionItem[] = [];
  for (let start = 0; start < order.length; ) {
    let end = start + 1;
    while (end < order.length && personOf[order[end]] === personOf[order[start]]) end++;
    checkPerson(table, order.slice(start, end), items);
    start = end;
  }
  return items;
}

export function correctionsBySource(items: readonly CorrectionItem[]): Map<string, CorrectionItem[]> {
  const out = new Map<string, CorrectionItem[]>();
  for (const item of items) {
    const list = out.get(item.source);
    if (list) list.push(item);
    else out.set(item.source, [item]);
  }
  return out;
}

function checkPerson(table: RecordTable, members: number[], items: CorrectionItem[]): void {
  const records = table.records;
  const validIds = new Set(members.filter((i) => table.idValid[i]).map((i) => records[i].idNumber as string));
  // With two valid numbers the person is in doubt, and the review queue says so; no suggestion is safe.
  const personId = validIds.size === 1 ? [...validIds][0] : undefined;
  const holders = personId ? members.filter((i) => records[i].idNumber === personId).map((i) => records[i].sourceRowId) : [];

  for (const i of members) {
    const r = records[i];
    if (r.idNumber && !table.idValid[i]) {
      const check = validateIdNumber(r.idNumber);
      items.push({
        source: r.source,
        sourceRowId: r.sourceRowId,
        kind: 'id_number_invalid',
        field: 'idNumber',
        value: r.idNumber,
        ...(personId && differByOneTypo(r.idNumber, personId) ? { suggestion: personId } : {}),
        ...(check.ok ? {} : { problem: check.reason }),
        evidenceRowIds: holders,
      });
    }
    if (personId && r.birthDate) {
      const encoded = `${personId.slice(6, 10)}-${personId.slice(10, 12)}-${personId.slice(12, 14)}`;
      if (r.birthDate !== encoded) {
        items.push({
          source: r.source,
          sourceRowId: r.sourceRowId,
          kind: 'birth_date_conflicts_with_id',
          field: 'birthDate',
          value: r.birthDate,
          suggestion: encoded,
          evidenceRowIds: holders.filter((id) => id !== r.sourceRowId),
        });
      }
    }
  }

  if (members.length < 2) return;
  const bySource = new Map<string, number[]>();
  for (const i of members) {
    if (table.addressId[i] < 0) continue;
    const list = bySource.get(records[i].source);
    if (list) list.push(i);
    else bySource.set(records[i].source, [i]);
  }
  for (const rows of bySource.values()) {
    if (rows.length < 2) continue;
    const dwellings = table.addresses;
    const first = dwellings[table.addressId[rows[0]]];
    const apart = rows.some((i) => compareAddresses(first, dwellings[table.addressId[i]]) !== 'same_dwelling');
    if (!apart) continue;
    for (const i of rows) {
      items.push({
        source: records[i].source,
        sourceRowId: records[i].sourceRowId,
        kind: 'registered_in_two_dwellings',
        field: 'address',
        value: records[i].address as string,
        evidenceRowIds: rows.filter((k) => k !== i).map((k) => records[k].sourceRowId),
      });
    }
  }
}
