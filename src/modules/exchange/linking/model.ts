/**
 * The model an import is linked with. m and u are estimated from the data —
 * a sample of the registry and of the import's own rows, run through the
 * linkage engine (EM for m, value frequencies and random pairs for u) — and
 * the prior is set for the question each row asks: which one of the registry's
 * N persons, if any, is this? (λ = 1/N). With too little data to estimate (a
 * new installation, a small file) the default parameters below are used.
 */
import { linkRecords } from '../linkage-engine/engine.js';
import { buildModel, DEFAULT_RULES, PRIOR_M, type LevelProbabilities, type LinkageModel } from '../linkage-engine/model.js';
import { FIELDS, type LinkageRecord } from '../linkage-engine/types.js';

/**
 * How often two different people of a district-sized registry agree at each
 * level: an ID number is one person's, a name is shared by about one in a
 * thousand, a birth date by one in 25,000, a dwelling by a household.
 */
export const DEFAULT_POPULATION_U: LevelProbabilities = {
  idNumber: [1e-7, 2e-6, 1 - 1e-7 - 2e-6],
  name: [0.001, 0.0001, 0.0005, 0.01, 1 - 0.001 - 0.0001 - 0.0005 - 0.01],
  birthDate: [4e-5, 0.003, 1e-5, 1 - 4e-5 - 0.003 - 1e-5],
  sex: [0.5, 0.5],
  phone: [2e-6, 1e-6, 1 - 3e-6],
  address: [1e-4, 0.001, 0.01, 1 - 1e-4 - 0.001 - 0.01],
};

/**
 * Below these, estimates are noise: the defaults are used. The file's own rows
 * count separately: the registry is one record per person, so what matches look
 * like can only be learnt from rows of the file that meet registry persons.
 */
const MIN_RECORDS = 1000;
const MIN_FILE_ROWS = 500;
/**
 * Records the sample shows to be one person by their ID numbers: without them
 * EM has nothing but relatives to learn "the same person" from (a household
 * shares surname, address and phone), and would learn the wrong thing.
 */
const MIN_KNOWN_MATCHES = 50;
const MIN_CANDIDATE_PAIRS = 200;
const RANDOM_PAIRS = 200_000;

export interface ImportModel {
  model: LinkageModel;
  estimated: boolean;
  details: Record<string, unknown>;
}

export function importModel(options: { sample: readonly LinkageRecord[]; fileRows: number; registrySize: number; seed: string }): ImportModel {
  const lambda = 1 / Math.max(options.registrySize, 2);
  const defaults = (why: string, details: Record<string, unknown> = {}): ImportModel => ({
    model: buildModel(PRIOR_M, DEFAULT_POPULATION_U, lambda, DEFAULT_RULES),
    estimated: false,
    details: { ...details, why, records: options.sample.length, registrySize: options.registrySize },
  });
  if (options.sample.length < MIN_RECORDS) return defaults('too few records to estimate');
  if (options.fileRows < MIN_FILE_ROWS) return defaults('too few rows in the file to estimate');
  const run = linkRecords(options.sample, { randomPairs: RANDOM_PAIRS, seed: options.seed });
  const details = { candidatePairs: run.stats.candidatePairs, em: run.stats.em };
  if (run.stats.candidatePairs < MIN_CANDIDATE_PAIRS) return defaults('too few candidate pairs to estimate', details);
  if (run.stats.exactIdLinks < MIN_KNOWN_MATCHES) return defaults('too few records known to be one person (by ID number) to estimate', details);
  if (!run.stats.em?.converged) return defaults('estimation did not converge', details);
  const m = {} as LevelProbabilities;
  const u = {} as LevelProbabilities;
  for (const field of FIELDS) {
    m[field] = run.model.fields[field].map((l) => l.m);
    u[field] = run.model.fields[field].map((l) => l.u);
  }
  return {
    model: buildModel(m, u, lambda, DEFAULT_RULES),
    estimated: true,
    details: { ...details, records: options.sample.length, registrySize: options.registrySize },
  };
}
