// Compiled forms by version id. A version is never edited, so its compiled
// tree can be kept and reused by every session that opens or checks it.
import { compileForm, type CompiledForm, type FormSpec } from './engine/index.js';

const MAX_KEPT = 200;
const compiled = new Map<string, CompiledForm>();

export function compiledForm(form: { id: string; spec: FormSpec }): CompiledForm {
  const kept = compiled.get(form.id);
  if (kept) return kept;
  const fresh = compileForm(form.spec);
  // Forms are few; past the bound the oldest entry goes, which is enough to keep memory flat.
  if (compiled.size >= MAX_KEPT) compiled.delete(compiled.keys().next().value!);
  compiled.set(form.id, fresh);
  return fresh;
}
