/**
 * Blocking keys, the SQL side of the linkage engine's blocking rules
 * (src/modules/exchange/linkage-engine/blocking.ts): a department row is compared only
 * with registry persons sharing one of its keys, so linking a row costs a few
 * indexed lookups whatever the size of the registry.
 */
import type { NameKeyCache } from '../linkage-engine/name-keys.js';
import type { LinkKeyKind } from './schema.js';

export interface KeyedPerson {
  name: string;
  /** YYYY-MM-DD; a month alone gives no key. */
  birthDate: string | null;
  phones: readonly string[];
  dwellingId: string | null;
  /** 18 characters, valid or not. */
  idNumber: string | null;
}

export interface LinkKey {
  kind: LinkKeyKind;
  key: string;
}

export function linkKeys(person: KeyedPerson, names: NameKeyCache): LinkKey[] {
  const keys: LinkKey[] = [];
  const name = names.get(person.name);
  if (person.birthDate && person.birthDate.length === 10) keys.push({ kind: 'name_birth', key: `${name.pinyin}|${person.birthDate}` });
  for (const phone of new Set(person.phones.map((p) => p.replace(/\D/g, '').slice(-8)).filter((p) => p.length === 8))) keys.push({ kind: 'phone', key: phone });
  if (person.dwellingId) keys.push({ kind: 'surname_dwelling', key: `${name.surnamePinyin}|${person.dwellingId}` });
  // Birth date and sequence: survives a typo in the region code or the check character.
  if (person.idNumber && person.idNumber.length === 18 && /^\d{11}$/.test(person.idNumber.slice(6, 17))) keys.push({ kind: 'id_core', key: person.idNumber.slice(6, 17) });
  return keys;
}

/** What a registry person's keys are computed from; the same text is built in SQL (see keys-repo). */
export function keyBasis(p: { name: string; birth_date: string | null; phone: string | null; dwelling_id: string | null; id_number: string | null }): string {
  return [p.name, p.birth_date ?? '', p.phone ?? '', p.dwelling_id ?? '', p.id_number ?? ''].join('|');
}
