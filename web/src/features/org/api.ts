import { api } from '../../api';
import type { Jurisdiction } from './types';

export const listJurisdictions = (signal?: AbortSignal) =>
  api<{ items: Jurisdiction[] }>('/jurisdictions', { signal }).then((body) => body.items);
