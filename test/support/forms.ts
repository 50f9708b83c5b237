// Collection forms in tests: publishing a spec as a workbook, opening it on a
// person, household or dwelling, and the grid worker's people.
import type { LightMyRequestResponse } from 'fastify';
import { writeXlsForm, type FormSpec } from '../../src/modules/forms/engine/index.js';
import type { Caller } from './app.js';
import { multipart } from './imports.js';

/** Purpose a grid worker and a reviewer declare for forms: the visit delivers a service to the person. */
export const FORM_PURPOSE = 'service_delivery';

export async function uploadWorkbook(caller: Caller, fileName: string, bytes: Uint8Array, query = ''): Promise<LightMyRequestResponse> {
  const { payload, headers } = multipart(fileName, bytes);
  return caller.request({ method: 'POST', url: `/api/v1/forms${query ? `?${query}` : ''}`, payload, headers });
}

export async function publishSpec(caller: Caller, spec: FormSpec, query = 'departmentCode=XH-MZ'): Promise<{ id: string; version: number }> {
  const response = await uploadWorkbook(caller, `${spec.settings.formId}.xlsx`, await writeXlsForm(spec), query);
  if (response.statusCode !== 201) throw new Error(`publishing ${spec.settings.formId} failed: ${response.statusCode} ${response.body}`);
  return response.json().form;
}

export interface PersonListItem {
  id: string;
  name: string;
  birthDate: string | null;
  phone: string | null;
  tags: string[];
  gridCode: string | null;
  communityCode: string | null;
  residenceStatus: string | null;
  householdId: string | null;
  dwellingId: string | null;
}

export async function peopleVisibleTo(caller: Caller): Promise<PersonListItem[]> {
  const response = await caller.get('/api/v1/people?limit=200', FORM_PURPOSE);
  if (response.statusCode !== 200) throw new Error(`people: ${response.statusCode} ${response.body}`);
  return response.json().items;
}

/** Calls on a submission with the purpose header forms need. */
export function formCalls(caller: Caller) {
  const send = (method: 'POST' | 'PUT', url: string, payload: unknown) => caller.request({ method, url, payload: payload as never, purpose: FORM_PURPOSE });
  return {
    open: (formId: string, personId: string) => send('POST', `/api/v1/forms/${formId}/submissions`, { personId }),
    /** Open a form on a household or dwelling: `{ householdId }` or `{ dwellingId }`. */
    openOn: (formId: string, record: { householdId: string } | { dwellingId: string } | { personId: string }) => send('POST', `/api/v1/forms/${formId}/submissions`, record),
    get: (id: string) => caller.get(`/api/v1/form-submissions/${id}`, FORM_PURPOSE),
    save: (id: string, answers: unknown) => send('PUT', `/api/v1/form-submissions/${id}/answers`, { answers }),
    submit: (id: string, answers: unknown) => send('POST', `/api/v1/form-submissions/${id}/submit`, { answers }),
    approve: (id: string, comment?: string) => send('POST', `/api/v1/form-submissions/${id}/approve`, comment ? { comment } : {}),
    return: (id: string, comment: string) => send('POST', `/api/v1/form-submissions/${id}/return`, { comment }),
    list: (query: string) => caller.get(`/api/v1/form-submissions?${query}`, FORM_PURPOSE),
    conflicts: (query = '') => caller.get(`/api/v1/form-conflicts${query ? `?${query}` : ''}`, FORM_PURPOSE),
    resolve: (id: string, resolution: string, comment?: string) => send('POST', `/api/v1/form-conflicts/${id}/resolve`, { resolution, ...(comment ? { comment } : {}) }),
  };
}
