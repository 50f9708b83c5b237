// The surviving value of every field of a record, from its current claims and the catalogue's rules.
import type { Catalogue } from '../catalogue/catalogue.js';
import type { StoredClaim } from './repo.js';
import { survive, type Survivor } from './survivorship.js';

export function survivorsByField(catalogue: Catalogue, claims: readonly StoredClaim[]): Map<string, Survivor<StoredClaim>> {
  const byField = new Map<string, StoredClaim[]>();
  for (const claim of claims) {
    const list = byField.get(claim.field);
    if (list) list.push(claim);
    else byField.set(claim.field, [claim]);
  }
  const survivors = new Map<string, Survivor<StoredClaim>>();
  for (const [field, fieldClaims] of byField) {
    const definition = catalogue.requireField(field);
    if (!definition.survivorship) throw new Error(`${field} is a key, not a fact: it has no claims`);
    const survivor = survive({ survivorship: definition.survivorship, trustedSources: definition.trustedSources, type: definition.type, multiple: definition.multiple }, fieldClaims);
    if (survivor) survivors.set(field, survivor);
  }
  return survivors;
}
