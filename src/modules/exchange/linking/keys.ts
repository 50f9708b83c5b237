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

export type PersonKey = LinkKey & { person_id: string };

/** A person whose keys are out of date, with the keys made from their last basis (null: keyed before those were kept). */
export interface StalePerson {
  id: string;
  name: string;
  birth_date: string | null;
  phone: string | null;
  dwelling_id: string | null;
  id_number: string | null;
  basis: string;
  keyed: boolean;
  keys: string[] | null;
}

/** A key as person_link_basis.keys holds it: the kind names have no colon, so the first one ends the kind. */
const storedKey = (k: LinkKey) => `${k.kind}:${k.key}`;
const parsedKey = (stored: string): LinkKey => {
  const colon = stored.indexOf(':');
  return { kind: stored.slice(0, colon) as LinkKeyKind, key: stored.slice(colon + 1) };
};

export interface KeyChanges {
  /** Persons whose keys are all deleted first. */
  replacedWhole: string[];
  ended: PersonKey[];
  added: PersonKey[];
  /** Each person's new basis and the keys made from it. */
  bases: Array<{ person_id: string; basis: string; keys: string[] }>;
}

/** What the stale persons' new bases change in their keys. */
export function keyChanges(stale: readonly StalePerson[], names: NameKeyCache): KeyChanges {
  const out: KeyChanges = { replacedWhole: [], ended: [], added: [], bases: [] };
  for (const p of stale) {
    const keys = linkKeys({ name: p.name, birthDate: p.birth_date, phones: p.phone ? [p.phone] : [], dwellingId: p.dwelling_id, idNumber: p.id_number }, names);
    const now = new Set(keys.map(storedKey));
    out.bases.push({ person_id: p.id, basis: p.basis, keys: [...now] });
    // Keyed before the keys were kept with the basis: which of its keys exist is not known here.
    if (p.keyed && p.keys === null) out.replacedWhole.push(p.id);
    const before = new Set(p.keys ?? []);
    for (const k of keys) if (!before.has(storedKey(k))) out.added.push({ ...k, person_id: p.id });
    for (const k of before) if (!now.has(k)) out.ended.push({ ...parsedKey(k), person_id: p.id });
  }
  return out;
}
