/**
 * The one way the UI talks to the server: JSON (or multipart for files) over
 * same-origin fetch with the session cookie, the CSRF token on every non-GET request, and errors turned
 * into {@link ApiError} carrying the server's `{ error: { code, message } }`.
 */

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

type QueryValue = string | number | null | undefined;

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  query?: Record<string, QueryValue>;
  body?: unknown;
  signal?: AbortSignal;
  /** Why personal data is read (header `x-purpose`); the server refuses such reads without one. */
  purpose?: string;
}

/** Kept in memory only: it comes back from /auth/login and /auth/me. */
let csrfToken: string | null = null;
let requestLanguage = 'zh-CN';
let sessionExpiredListener: (() => void) | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Asks the server to word its error messages in the language the user reads. */
export function setRequestLanguage(language: string): void {
  requestLanguage = language;
}

/** Called when a request made inside a session is answered "not logged in". */
export function onSessionExpired(listener: (() => void) | null): void {
  sessionExpiredListener = listener;
}

export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = {
    accept: 'application/json',
    'accept-language': requestLanguage,
  };
  // A FormData body (file uploads) sets its own multipart content type and boundary.
  const isForm = options.body instanceof FormData;
  if (options.body !== undefined && !isForm) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  if (options.purpose) headers['x-purpose'] = options.purpose;

  const response = await fetch(`/api/v1${path}${queryString(options.query)}`, {
    method,
    headers,
    body: options.body === undefined ? undefined : isForm ? (options.body as FormData) : JSON.stringify(options.body),
    credentials: 'same-origin',
    signal: options.signal,
  });

  if (!response.ok) {
    const error = await toApiError(response);
    if (error.code === 'auth.unauthenticated' && csrfToken) sessionExpiredListener?.();
    throw error;
  }
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

/**
 * Downloads a file the server answers with (an error report, an export) and
 * hands it to the browser to save. For files behind a purpose header, which a
 * plain link cannot send.
 */
export async function downloadFile(path: string, options: Pick<RequestOptions, 'query' | 'purpose'> = {}): Promise<void> {
  const headers: Record<string, string> = { 'accept-language': requestLanguage };
  if (options.purpose) headers['x-purpose'] = options.purpose;
  const response = await fetch(`/api/v1${path}${queryString(options.query)}`, { headers, credentials: 'same-origin' });
  if (!response.ok) throw await toApiError(response);
  const disposition = response.headers.get('content-disposition') ?? '';
  const encoded = /filename\*=UTF-8''([^;]+)/i.exec(disposition)?.[1];
  const plain = /filename="?([^";]+)"?/i.exec(disposition)?.[1];
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = encoded ? decodeURIComponent(encoded) : (plain ?? 'download');
  document.body.append(link);
  link.click();
  link.remove();
  // Freed once the browser has surely read the blob for the download.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

function queryString(query: RequestOptions['query']): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(name, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

async function toApiError(response: Response): Promise<ApiError> {
  try {
    const body = (await response.json()) as { error?: { code?: string; message?: string; details?: unknown } };
    if (body.error?.code && body.error.message) {
      return new ApiError(response.status, body.error.code, body.error.message, body.error.details);
    }
  } catch {
    // Not JSON (a proxy page, an empty body): fall through to the status line.
  }
  return new ApiError(response.status, `http.${response.status}`, `HTTP ${response.status} ${response.statusText}`.trim());
}
