import type { OpenAPIObject } from '@nestjs/swagger';
import { STATUS_CODES } from 'node:http';
import { ERROR_STATUS } from './error-codes';

type Operation = NonNullable<OpenAPIObject['paths'][string]['get']>;
type Responses = Operation['responses'];

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;

/** The error body every 4xx answer carries (NestJS's shape plus our stable `code`). */
export const ERROR_SCHEMA = {
  type: 'object',
  required: ['statusCode', 'message', 'error'],
  properties: {
    statusCode: { type: 'integer', minimum: 400, maximum: 599, example: 404 },
    message: {
      description: 'For people: what went wrong and what to do (a list for validation errors)',
      oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
      example: 'No such cycle in your organisation',
    },
    error: { type: 'string', description: 'The HTTP reason phrase', example: 'Not Found' },
    code: {
      type: 'string',
      description: 'Stable, for clients to branch on; the message may change',
      enum: [...Object.keys(ERROR_STATUS)].sort(),
      example: 'NOT_FOUND',
    },
  },
} as const;

const errorContent = { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } };

/** What each group of routes is for, in the order a reader meets them. */
const TAGS: Record<string, string> = {
  service: 'Health of the service',
  auth: 'Passwordless sign-in for staff, and the signed-in person',
  'organisation set-up': 'Units and people (admins)',
  frameworks: 'The behaviours, statements and scale that raters answer',
  cycles: 'Feedback cycles from draft to released (admins)',
  'feedback requests': 'Each leader’s request: raters, progress counts',
  raters: 'The questionnaire behind a rater’s personal link (the token is the credential)',
  reports: 'Reports, frozen at close, under the anonymity rules',
  'collective profile':
    'Leadership unit by unit, frozen at close (rule 6), and which coaches may read which units',
};

/** Statuses every operation of a kind can answer, with what each means for it. */
function impliedErrors(path: string, op: Operation, isPublic: boolean): Record<string, string> {
  const errors: Record<string, string> = {};
  const takesInput =
    (op.parameters ?? []).length > 0 || op.requestBody !== undefined || path.includes('{');
  if (takesInput) errors['400'] = 'The request is not valid: the message lists each problem';
  if (!isPublic) {
    errors['401'] = 'No valid session: sign in and send the access token';
    errors['403'] = 'Your roles do not allow this';
  }
  if (path.includes('{')) errors['404'] = 'No such record (or not in your organisation)';
  errors['429'] = 'Too many requests: wait and try again';
  return errors;
}

/**
 * Finishes the document Nest generates so that a generated client can trust it: one `Error`
 * schema on every error answer, the statuses each kind of route gives, `security: []` on public
 * routes and both credentials (Bearer or the browser's session cookie) on the others, and the
 * server the service answers on.
 */
export function finishOpenApiDocument(
  document: OpenAPIObject,
  options: { serverUrl: string },
): OpenAPIObject {
  document.servers = [{ url: options.serverUrl, description: 'This service' }];
  document.info.license = { name: 'Proprietary', url: `${options.serverUrl}/docs` };
  document.components = {
    ...document.components,
    schemas: { ...document.components?.schemas, Error: ERROR_SCHEMA as never },
    securitySchemes: {
      ...document.components?.securitySchemes,
      bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
      cookie: {
        type: 'apiKey',
        in: 'cookie',
        name: 'c360_session',
        description: 'The browser session (state changes also need the CSRF token)',
      },
    },
  };
  const used = new Set<string>();
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      // Set by @Public(): the route needs no session.
      const extended = op as Operation & { 'x-public'?: boolean };
      const isPublic = extended['x-public'] === true;
      delete extended['x-public'];
      op.security = isPublic ? [] : [{ bearer: [] }, { cookie: [] }];
      op.responses = withErrors(op.responses, impliedErrors(path, op, isPublic));
      for (const tag of op.tags ?? []) used.add(tag);
    }
  }
  const known = Object.keys(TAGS);
  document.tags = [
    ...known.filter((name) => used.has(name)),
    ...[...used].filter((name) => !(name in TAGS)).sort(),
  ].map((name) => ({ name, description: TAGS[name] ?? name }));
  return document;
}

function withErrors(responses: Responses, implied: Record<string, string>): Responses {
  const merged: Responses = { ...responses };
  for (const [status, description] of Object.entries(implied)) {
    merged[status] ??= { description };
  }
  for (const [status, response] of Object.entries(merged)) {
    // Client errors carry the Error body; a route that answers its own shape (health's 503) keeps it.
    const code = Number(status);
    if (!response || code < 400 || code > 499 || '$ref' in response || response.content) continue;
    merged[status] = {
      ...response,
      description: response.description || (STATUS_CODES[Number(status)] ?? 'Error'),
      content: errorContent,
    };
  }
  return merged;
}
