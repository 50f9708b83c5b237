/**
 * Writes the sample forms as XLSForm workbooks for departments to copy:
 *
 *   npx tsx src/modules/forms/engine/samples/write-samples.ts
 *
 * The tests read the committed files back and compare them with the specs, so
 * run this after changing a sample.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { compileForm } from '../compile.js';
import { writeXlsForm } from '../xlsform.js';
import { REGISTRY_FIELDS, SAMPLE_FORMS } from './forms.js';

const SAMPLES_DIRECTORY = fileURLToPath(new URL('../../../../../docs/samples/forms/', import.meta.url));

await mkdir(SAMPLES_DIRECTORY, { recursive: true });
for (const spec of SAMPLE_FORMS) {
  compileForm(spec, { registryFields: REGISTRY_FIELDS });
  const path = `${SAMPLES_DIRECTORY}${spec.settings.formId}.xlsx`;
  await writeFile(path, await writeXlsForm(spec));
  process.stdout.write(`wrote ${path}\n`);
}
