import type { AppDeps } from '../../app-deps.js';

/** What the form services use of the app's dependencies. */
export type Deps = Pick<AppDeps, 'db' | 'clock'>;
