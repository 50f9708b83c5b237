// Driving the import wizard over HTTP in tests: upload a file, wait for the background work.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import type { Caller } from './app.js';

export const SAMPLES_DIR = path.resolve(import.meta.dirname, '../../docs/samples');

export const sampleProfile = (name: string) => readFileSync(path.join(SAMPLES_DIR, 'profiles', `${name}.yaml`), 'utf8');
export const sampleFile = (name: string) => readFileSync(path.join(SAMPLES_DIR, name));

/** A multipart/form-data body with one file in the field "file". */
export function multipart(fileName: string, bytes: Uint8Array): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----gongzhi-test-${Math.random().toString(16).slice(2)}`;
  const head = Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="${fileName}"\r\ncontent-type: application/octet-stream\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { payload: Buffer.concat([head, Buffer.from(bytes), tail]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

export async function upload(caller: Caller, fileName: string, bytes: Uint8Array, query = ''): Promise<LightMyRequestResponse> {
  const { payload, headers } = multipart(fileName, bytes);
  return caller.request({ method: 'POST', url: `/api/v1/imports${query ? `?${query}` : ''}`, payload, headers });
}

export interface ImportStatus {
  id: string;
  status: string;
  error: string | null;
  totalRows: number | null;
  validRows: number;
  invalidRows: number;
  warningRows: number;
  appliedRows: number;
  rejectedRows: number;
  heldRows: number;
  stats: Record<string, number>;
  progress: { done: number; total: number };
}

/** Poll the import until it has left `busy` (validating or applying). */
export async function settle(caller: Caller, id: string, busy: string): Promise<ImportStatus> {
  for (let attempt = 0; attempt < 600; attempt++) {
    const status = (await caller.get(`/api/v1/imports/${id}`)).json() as ImportStatus;
    if (status.status !== busy || (status.error && busy === 'applying')) return status;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`import ${id} still ${busy}`);
}

/** Upload, validate with a profile, apply; returns the final status. */
export async function importThroughApi(
  steward: Caller,
  file: { name: string; bytes: Uint8Array },
  profile: { profileId: string } | { text: string },
  query = 'observedAt=2026-06-30',
): Promise<ImportStatus> {
  const uploaded = await upload(steward, file.name, file.bytes, query);
  if (uploaded.statusCode !== 201) throw new Error(`upload failed: ${uploaded.statusCode} ${uploaded.body}`);
  const id = uploaded.json().id as string;
  const validating = await steward.post(`/api/v1/imports/${id}/validate`, profile);
  if (validating.statusCode !== 202) throw new Error(`validate failed: ${validating.statusCode} ${validating.body}`);
  const validated = await settle(steward, id, 'validating');
  if (validated.status !== 'validated') throw new Error(`validation ended ${validated.status}: ${validated.error}`);
  const applying = await steward.post(`/api/v1/imports/${id}/apply`);
  if (applying.statusCode !== 202) throw new Error(`apply failed: ${applying.statusCode} ${applying.body}`);
  const applied = await settle(steward, id, 'applying');
  if (applied.status !== 'completed') throw new Error(`apply ended ${applied.status}: ${applied.error}`);
  return applied;
}
