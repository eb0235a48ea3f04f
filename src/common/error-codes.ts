/**
 * Stable error codes, mapped to HTTP in one place (DomainErrorFilter). Clients may rely on the
 * code; the message is for people.
 */
export const ERROR_STATUS = {
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  SIGN_IN_LINK_INVALID: 401,
  CSRF_TOKEN_INVALID: 403,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  EMAIL_TAKEN: 409,
  CONFLICT: 409,
  GONE: 410,
  PAYLOAD_TOO_LARGE: 413,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;
