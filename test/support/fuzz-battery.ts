import { request as httpRequest, Agent } from 'node:http';

/**
 * The hostile-input battery of the fuzz test: which requests to send to a route, built from what
 * the running app says about it (its OpenAPI operation, its form fields, or only its path), so
 * that a new route is covered without editing the test.
 */

export type Role = 'anonymous' | 'rater' | 'leader' | 'coach' | 'admin';

export interface RouteUnderTest {
  method: string;
  /** Express style: /api/v1/cycles/:id */
  path: string;
  source: 'openapi' | 'form' | 'express';
  /** Query parameter names the route declares. */
  query: string[];
  /** Body fields with a plausible valid value each (the base the hostile values replace). */
  fields: Record<string, unknown>;
  bodyKind: 'json' | 'form' | 'csv' | 'multipart' | 'none';
  /** A form's auth (see the form-route list). */
  formAuth?: 'staff' | 'public' | 'rater';
}

export interface FuzzRequest {
  role: Role;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
  /** What this request tries, for the failure report. */
  label: string;
}

export interface Credentials {
  /** Bearer tokens of the staff roles. */
  bearer: Partial<Record<Role, string>>;
  csrf: string;
  /** Real values for path parameters, by the collection the parameter names. */
  ids: Record<string, string>;
  raterToken: string;
}

const MB = 1024 * 1024;

/** Values that go wrong in a field: wrong types, extremes, unstorable characters, bad formats. */
export const FIELD_VALUES: [string, unknown][] = [
  ['null', null],
  ['number', 12],
  ['huge number', 1e300],
  ['boolean', true],
  ['empty array', []],
  ['array of objects', [{ a: { b: 1 } }]],
  ['object', { a: 1 }],
  ['empty string', ''],
  ['NUL', 'a\u0000b'],
  ['lone high surrogate', '\ud800x'],
  ['email with lone surrogate', '\ud800@example.org'],
  ['bad uuid', 'not-a-uuid'],
  ['30 digits', '9'.repeat(30)],
  ['bad date', '2026-13-45T99:99:99Z'],
  ['deep object in field', nest(3000)],
  ['NUL key', { 'a\u0000': 1 }],
];

/** Path parameter values that are not what the route expects. */
export const PATH_VALUES: [string, string][] = [
  ['bad uuid', 'not-a-uuid'],
  ['nil uuid', '00000000-0000-0000-0000-000000000000'],
  ['NUL', 'a%00b'],
  ['lone surrogate (CESU)', '%ED%A0%80'],
  ['broken escape', '%E0%A4%A'],
  ['long', 'a'.repeat(3000)],
  ['dot dot', '..%2F..%2Fetc'],
];

/** Query values tried on every declared parameter (and `page`/`limit` everywhere). */
export const QUERY_VALUES: [string, string][] = [
  ['huge 1e300', '1e300'],
  ['30 digits', '9'.repeat(30)],
  ['negative', '-1'],
  ['word', 'abc'],
  ['NUL', 'a%00b'],
  ['lone surrogate (CESU)', '%ED%A0%80'],
  ['broken escape', '%E0%A4%A'],
  ['long', 'x'.repeat(5000)],
  ['bad uuid', 'not-a-uuid'],
];

function nest(depth: number): unknown {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
}

const json = (value: unknown): Buffer => Buffer.from(JSON.stringify(value));

/** Bodies that are wrong as a whole: malformed, wrong content types, nesting, size. */
function wholeBodies(
  heavy: boolean,
  megabyte: boolean,
): { label: string; type?: string; body?: Buffer }[] {
  const bodies: { label: string; type?: string; body?: Buffer }[] = [
    { label: 'no body, JSON type', type: 'application/json' },
    { label: 'no body, no type' },
    { label: 'malformed JSON', type: 'application/json', body: Buffer.from('{"a":') },
    { label: 'JSON null', type: 'application/json', body: Buffer.from('null') },
    { label: 'JSON string', type: 'application/json', body: Buffer.from('"text"') },
    { label: 'JSON array', type: 'application/json', body: Buffer.from('[1,2]') },
    { label: 'JSON with NUL key', type: 'application/json', body: Buffer.from('{"\\u0000":1}') },
    {
      label: 'JSON __proto__',
      type: 'application/json',
      body: Buffer.from('{"__proto__":{"admin":true},"constructor":{"prototype":{"x":1}}}'),
    },
    { label: 'text/plain', type: 'text/plain', body: Buffer.from('hello') },
    { label: 'XML', type: 'application/xml', body: Buffer.from('<?xml version="1.0"?><a>b</a>') },
    {
      label: 'multipart',
      type: 'multipart/form-data; boundary=XyZ',
      body: Buffer.from(
        '--XyZ\r\nContent-Disposition: form-data; name="email"\r\n\r\na@b.c\r\n--XyZ--\r\n',
      ),
    },
    {
      label: 'broken multipart',
      type: 'multipart/form-data; boundary=XyZ',
      body: Buffer.from('--XyZ\r\nbad'),
    },
    {
      label: 'urlencoded, nested',
      type: 'application/x-www-form-urlencoded',
      body: Buffer.from(`${'a'}${'[b]'.repeat(40)}=1&c=%00&d=%ED%A0%80`),
    },
    { label: 'JSON in UTF-16 charset', type: 'application/json; charset=utf-16', body: json({}) },
    { label: 'JSON, bogus gzip', type: 'application/json', body: Buffer.from('not gzip') },
    { label: 'broken CSV', type: 'text/csv', body: Buffer.from('email,name\n"unterminated,x\n') },
    {
      label: 'CSV with NUL',
      type: 'text/csv',
      body: Buffer.from('email,name\na@example.org,A\nb@example.org,B\u0000b\n'),
    },
  ];
  if (heavy) {
    bodies.push({
      label: '45,000 nested arrays',
      type: 'application/json',
      body: Buffer.from('['.repeat(45000) + ']'.repeat(45000)),
    });
  }
  if (megabyte)
    bodies.push({
      label: '1 MB string',
      type: 'application/json',
      body: json({ name: 'x'.repeat(MB) }),
    });
  return bodies;
}

/** The whole bodies a role without the full battery gets (refused before fields are read). */
const LIGHT_BODIES = [
  'malformed JSON',
  'text/plain',
  'multipart',
  'urlencoded, nested',
  'JSON with NUL key',
];

/** The path with each `:param` given a real value (or `override` for the one named). */
export function fillPath(
  path: string,
  creds: Credentials,
  override?: { param: string; value: string },
): string {
  const segments = path.split('/');
  return segments
    .map((segment, i) => {
      if (!segment.startsWith(':')) return segment;
      const param = segment.slice(1);
      if (override?.param === param) return override.value;
      const collection = segments[i - 1] ?? '';
      return (
        creds.ids[`${collection}/${param}`] ??
        creds.ids[param] ??
        creds.ids[collection] ??
        creds.ids.default ??
        'x'
      );
    })
    .join('/');
}

function authHeaders(role: Role, creds: Credentials): Record<string, string> {
  const token = creds.bearer[role];
  const headers: Record<string, string> = {};
  const cookies = [`c360_csrf=${creds.csrf}`];
  headers['x-csrf-token'] = creds.csrf;
  if (token) {
    headers.authorization = `Bearer ${token}`;
    cookies.push(`c360_session=${token}`);
  }
  headers.cookie = cookies.join('; ');
  return headers;
}

function formBody(fields: Record<string, unknown>): Buffer {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(fields)) {
    if (Array.isArray(value)) for (const v of value) params.append(key, String(v));
    else params.append(key, typeof value === 'string' ? value : JSON.stringify(value));
  }
  return Buffer.from(params.toString());
}

/**
 * Every request of the battery for one route and role. The full battery goes to the admin (who
 * reaches deepest), and to a rater on the rater routes; the others get the whole-body and path
 * batteries (their refusals come before the fields are read).
 */
export function battery(route: RouteUnderTest, role: Role, creds: Credentials): FuzzRequest[] {
  const raterRoute = route.path.includes(':token');
  if (role === 'rater' && !raterRoute) return [];
  const full = role === 'admin' || role === 'rater';
  const out: FuzzRequest[] = [];
  const base = authHeaders(role, creds);
  const path = fillPath(route.path, creds);
  const add = (label: string, p: string, headers: Record<string, string>, body?: Buffer) =>
    out.push({
      role,
      method: route.method,
      path: p,
      headers: { ...base, ...headers },
      body,
      label,
    });

  // Path parameters.
  for (const param of route.path.split('/').filter((s) => s.startsWith(':'))) {
    for (const [label, value] of full ? PATH_VALUES : PATH_VALUES.slice(0, 3))
      add(`${param} = ${label}`, fillPath(route.path, creds, { param: param.slice(1), value }), {});
  }

  // Query parameters: every declared one gets the whole list; `page` is tried everywhere.
  if (full) {
    for (const name of route.query)
      for (const [label, value] of QUERY_VALUES)
        add(`?${name} = ${label}`, `${path}?${name}=${value}`, {});
    if (!route.query.includes('page'))
      for (const [label, value] of QUERY_VALUES.slice(0, 2))
        add(`?page = ${label}`, `${path}?page=${value}`, {});
    add('?page twice', `${path}?page=1&page=2`, {});
    add('?page[] bracket', `${path}?page[a][b]=1`, {});
    add('?unknown with NUL', `${path}?a%00=1`, {});
  } else if (route.query.includes('page')) {
    add('?page = huge 1e300', `${path}?page=1e300`, {});
  }

  if (route.method === 'GET' || route.method === 'HEAD') {
    if (full)
      add(
        'GET with a JSON body',
        path,
        { 'content-type': 'application/json' },
        json({ a: nest(100) }),
      );
    return out;
  }

  // Whole bodies.
  for (const b of wholeBodies(full, role === 'admin')) {
    if (!full && !LIGHT_BODIES.includes(b.label)) continue;
    const headers: Record<string, string> = {};
    if (b.type) headers['content-type'] = b.type;
    if (b.label === 'JSON, bogus gzip') headers['content-encoding'] = 'gzip';
    add(`body: ${b.label}`, path, headers, b.body);
  }

  // Field by field, the others valid.
  if (full && (route.bodyKind === 'json' || route.bodyKind === 'form')) {
    const fields =
      route.bodyKind === 'form' ? { _csrf: creds.csrf, ...route.fields } : route.fields;
    for (const name of Object.keys(route.fields)) {
      for (const [label, value] of FIELD_VALUES) {
        const body = { ...fields, [name]: value };
        if (route.bodyKind === 'json') {
          add(`${name} = ${label}`, path, { 'content-type': 'application/json' }, json(body));
        } else if (typeof value === 'string' || typeof value === 'number' || Array.isArray(value)) {
          add(
            `${name} = ${label} (form)`,
            path,
            { 'content-type': 'application/x-www-form-urlencoded' },
            formBody(body),
          );
        }
      }
    }
  }
  return out;
}

export interface FuzzOutcome {
  request: FuzzRequest;
  status: number | null;
  error: string | null;
  snippet: string;
}

// A connection per request: one the server closes (after a 413) cannot fail the next request.
const agent = new Agent({ keepAlive: false });

/** Sends one request; a dropped connection is an outcome (status null), never a throw. */
export function send(baseUrl: string, r: FuzzRequest, timeoutMs = 60_000): Promise<FuzzOutcome> {
  const url = new URL(baseUrl);
  return new Promise((resolve) => {
    let settled = false;
    const done = (status: number | null, error: string | null, snippet = '') => {
      if (settled) return;
      settled = true;
      resolve({ request: r, status, error, snippet });
    };
    const headers: Record<string, string | number> = { accept: 'application/json', ...r.headers };
    if (r.body) headers['content-length'] = r.body.length;
    const req = httpRequest(
      {
        agent,
        host: url.hostname,
        port: url.port,
        method: r.method,
        path: r.path,
        headers,
        timeout: timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          if (size < 4000) chunks.push(c);
          size += c.length;
        });
        res.on('end', () =>
          done(res.statusCode ?? 0, null, Buffer.concat(chunks).toString('utf8', 0, 400)),
        );
        res.on('error', (e) => done(res.statusCode ?? 0, `response ${e.message}`));
      },
    );
    req.on('timeout', () => {
      req.destroy(new Error('timed out'));
    });
    req.on('error', (e) => done(null, e.message));
    if (r.body) req.end(r.body);
    else req.end();
  });
}

/** Runs every request, `concurrency` at a time. */
export async function sendAll(
  baseUrl: string,
  requests: FuzzRequest[],
  concurrency: number,
): Promise<FuzzOutcome[]> {
  const outcomes: FuzzOutcome[] = [];
  let next = 0;
  const lane = async () => {
    while (next < requests.length) {
      const r = requests[next++]!;
      outcomes.push(await send(baseUrl, r));
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  return outcomes;
}

export function closeAgent(): void {
  agent.destroy();
}
