/**
 * One error type for everything the API reports. `code` is `<module>.<reason>`
 * (e.g. `auth.locked`, `access.denied`); `details` carries field paths for
 * validation errors. The HTTP layer turns it into
 * `{ "error": { code, message, details } }` and never shows a stack trace.
 */
export class AppError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export interface FieldIssue {
  path: string;
  message: string;
}

export const errors = {
  validation: (issues: FieldIssue[]) =>
    new AppError('request.invalid', issues.map((i) => `${i.path || '(body)'}: ${i.message}`).join('; '), 400, { issues }),
  notFound: (what: string, id: string) => new AppError(`${what}.not_found`, `No ${what} ${id}`, 404),
  unauthenticated: () => new AppError('auth.unauthenticated', 'Log in first', 401),
  denied: (message: string) => new AppError('access.denied', message, 403),
  conflict: (code: string, message: string) => new AppError(code, message, 409),
};
