import type { OpenAPIObject } from '@nestjs/swagger';
import { HTML_FORM_ROUTES } from '../src/pages/form-routes';
import {
  battery,
  closeAgent,
  Credentials,
  FuzzOutcome,
  FuzzRequest,
  Role,
  RouteUnderTest,
  sendAll,
} from './support/fuzz-battery';
import { TestApp } from './support/test-app';

/**
 * Nothing a stranger sends breaks the service: every route the running app has (its OpenAPI
 * document, the HTML form routes kept beside the pages, and Express's own route table, so a
 * route missing from the document is still hit) gets a fixed battery of hostile inputs as each
 * role, and must answer without a 5xx and without dropping the connection. A new route is
 * covered without editing this test.
 */
const ROLES: Role[] = ['anonymous', 'rater', 'leader', 'coach', 'admin'];
// Requests that change the world's state for the rest (closing the cycle ends the rater routes,
// signing out, declining) go last.
const LAST = /\/(close|release|decline|out)$/;
const CONCURRENCY = 8;
const CSRF = 'fuzzfuzzfuzzfuzzfuzzfuzzfuzzfuzz';

describe('fuzz: hostile input on every route, as every role', () => {
  let t: TestApp;
  let baseUrl: string;
  let creds: Credentials;

  beforeAll(async () => {
    t = await TestApp.create({
      worker: false,
      env: {
        RATER_TOKEN_RATE_LIMIT: '1000000',
        SIGN_IN_CLIENT_RATE_LIMIT: '1000000',
        SIGN_IN_LINKS_PER_ADDRESS: '1000000',
      },
    });
    baseUrl = await t.listen();
    const f = t.factories;
    const { org, admin } = await f.adminWorld();
    const unit = await f.unit(org.id);
    const leader = await f.person(org.id, { roles: ['leader'], unitId: unit.id });
    const coach = await f.person(org.id, { roles: ['coach'] });
    const framework = await f.framework(org.id);
    const cycle = await f.cycle(org.id, {
      frameworkId: framework.id,
      state: 'open',
      openedAt: new Date(),
    });
    const request = await f.feedbackRequest(cycle, leader, { coachId: coach.id });
    const { nomination, token } = await f.invitedNomination(request);
    creds = {
      bearer: {
        admin: await f.tokenFor(admin),
        leader: await f.tokenFor(leader),
        coach: await f.tokenFor(coach),
      },
      csrf: CSRF,
      raterToken: token,
      ids: {
        cycles: cycle.id,
        people: leader.id,
        units: unit.id,
        'feedback-requests': request.id,
        requests: request.id,
        frameworks: framework.id,
        nominations: nomination.id,
        nominationId: nomination.id,
        personId: coach.id,
        'coach-grants': coach.id,
        token,
        default: cycle.id,
      },
    };
  });

  afterAll(async () => {
    closeAgent();
    for (const name of [
      'RATER_TOKEN_RATE_LIMIT',
      'SIGN_IN_CLIENT_RATE_LIMIT',
      'SIGN_IN_LINKS_PER_ADDRESS',
    ])
      delete process.env[name];
    await t?.close();
  });

  it('answers every request without a 5xx or a dropped connection', async () => {
    const started = Date.now();
    const routes = await routesOfTheApp(t, baseUrl, creds);
    const requests: FuzzRequest[] = [];
    const last: FuzzRequest[] = [];
    for (const route of routes)
      for (const role of ROLES)
        (LAST.test(route.path) ? last : requests).push(...battery(route, role, creds));

    const outcomes: FuzzOutcome[] = [
      ...(await sendAll(baseUrl, requests, CONCURRENCY)),
      ...(await sendAll(baseUrl, last, CONCURRENCY)),
    ];
    const failures = outcomes.filter(
      (o) => o.status === null || (o.status >= 500 && !honestHealth(o)),
    );
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const statuses = new Map<number | null, number>();
    for (const o of outcomes) statuses.set(o.status, (statuses.get(o.status) ?? 0) + 1);
    process.stdout.write(
      `fuzz: ${routes.length} routes, ${outcomes.length} requests, ${failures.length} failures, ${seconds} s; statuses ${JSON.stringify(Object.fromEntries(statuses))}\n`,
    );
    if (failures.length > 0) {
      process.stdout.write(
        failures
          .slice(0, 40)
          .map(
            (o) =>
              `${o.status ?? `dropped (${o.error})`} ${o.request.method} ${o.request.path.slice(0, 120)} as ${o.request.role}: ${o.request.label}\n    ${o.snippet.slice(0, 200)}`,
          )
          .join('\n') + '\n',
      );
    }
    expect(
      failures.map(
        (o) =>
          `${o.request.method} ${o.request.path.slice(0, 80)} ${o.request.role} ${o.request.label} → ${o.status ?? o.error}`,
      ),
    ).toEqual([]);
    // The battery reached the routes' own checks, not only the sign-in wall.
    expect(outcomes.filter((o) => o.status === 400).length).toBeGreaterThan(1000);
  }, 600_000); // thousands of requests: minutes on a busy machine
});

/** Every route of the running app: the OpenAPI document, the form routes, Express's table. */
async function routesOfTheApp(
  t: TestApp,
  baseUrl: string,
  creds: Credentials,
): Promise<RouteUnderTest[]> {
  const routes = new Map<string, RouteUnderTest>();
  const doc = (await (await fetch(`${baseUrl}/docs-json`)).json()) as OpenAPIObject;
  for (const [openApiPath, operations] of Object.entries(doc.paths)) {
    const path = openApiPath.replace(/\{(\w+)\}/g, ':$1');
    for (const [method, op] of Object.entries(operations as Record<string, OperationLike>)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      const content = op.requestBody?.content ?? {};
      const jsonSchema = content['application/json']?.schema;
      routes.set(`${method.toUpperCase()} ${path}`, {
        method: method.toUpperCase(),
        path,
        source: 'openapi',
        query: (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name),
        fields: jsonSchema ? sampleFields(doc, jsonSchema, creds) : {},
        bodyKind: content['text/csv'] ? 'csv' : jsonSchema ? 'json' : 'none',
      });
    }
  }
  for (const form of HTML_FORM_ROUTES) {
    const fields: Record<string, unknown> = {};
    for (const name of form.fields) {
      if (name === '_csrf' || name === 'file') continue;
      const key = name
        .replace('<itemKey>', 'gives_authority')
        .replace('<questionKey>', 'helps_most');
      fields[key] =
        name === 'action' ? 'submit' : name.startsWith('answers') ? '3' : sampleText(name, creds);
    }
    routes.set(`POST ${form.path}`, {
      method: 'POST',
      path: form.path,
      source: 'form',
      query: [],
      fields,
      bodyKind: form.fields.includes('file') ? 'multipart' : 'form',
      formAuth: form.auth,
    });
  }
  const express = t.app.getHttpAdapter().getInstance() as {
    router: { stack: { route?: { path: unknown; methods: Record<string, boolean> } }[] };
  };
  for (const layer of express.router.stack) {
    if (!layer.route || typeof layer.route.path !== 'string') continue;
    for (const method of Object.keys(layer.route.methods)) {
      const m = method.toUpperCase();
      if (!['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].includes(m)) continue;
      const key = `${m} ${layer.route.path}`;
      if (!routes.has(key))
        routes.set(key, {
          method: m,
          path: layer.route.path,
          source: 'express',
          query: [],
          fields: {},
          bodyKind: m === 'GET' ? 'none' : 'form',
        });
    }
  }
  return [...routes.values()];
}

interface SchemaLike {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  example?: unknown;
  minimum?: number;
  properties?: Record<string, SchemaLike>;
  required?: string[];
  items?: SchemaLike;
}

interface OperationLike {
  parameters?: { in: string; name: string }[];
  requestBody?: { content: Record<string, { schema?: SchemaLike }> };
}

function resolve(doc: OpenAPIObject, schema: SchemaLike): SchemaLike {
  if (!schema.$ref) return schema;
  const name = schema.$ref.split('/').pop() ?? '';
  return doc.components?.schemas?.[name] ?? {};
}

let emails = 0;

/** A plausible valid value for each property, so that one hostile field reaches deep. */
function sampleFields(
  doc: OpenAPIObject,
  schema: SchemaLike,
  creds: Credentials,
  depth = 0,
): Record<string, unknown> {
  const resolved = resolve(doc, schema);
  const out: Record<string, unknown> = {};
  for (const [name, raw] of Object.entries(resolved.properties ?? {}))
    out[name] = sampleValue(doc, name, resolve(doc, raw), creds, depth);
  return out;
}

function sampleValue(
  doc: OpenAPIObject,
  name: string,
  s: SchemaLike,
  creds: Credentials,
  depth: number,
): unknown {
  if (s.enum?.length) return s.enum[0];
  if (s.type === 'array') {
    if (!s.items || depth > 2) return [];
    const item = resolve(doc, s.items);
    return [
      item.properties
        ? sampleFields(doc, item, creds, depth + 1)
        : sampleValue(doc, name, item, creds, depth + 1),
    ];
  }
  if (s.type === 'object' || s.properties)
    return s.properties ? sampleFields(doc, s, creds, depth + 1) : {};
  if (s.type === 'integer' || s.type === 'number') return s.minimum ?? 3;
  if (s.type === 'boolean') return false;
  if (s.example !== undefined && s.format !== 'email' && !/email/i.test(name)) return s.example;
  return sampleText(name, creds, s.format);
}

function sampleText(name: string, creds: Credentials, format?: string): string {
  if (format === 'email' || /email/i.test(name)) return `fuzz.${++emails}@example.org`;
  if (format === 'uuid' || /Id$/.test(name)) {
    if (/unit|parent/i.test(name)) return creds.ids.units!;
    if (/framework/i.test(name)) return creds.ids.frameworks!;
    if (/cycle/i.test(name)) return creds.ids.cycles!;
    if (/coach|person|manager/i.test(name)) return creds.ids.personId!;
    return creds.ids.people!;
  }
  // Opening before closing, both ahead.
  if (/^opens/.test(name)) return new Date(Date.now() + 864e5).toISOString();
  if (/At$|Date$/.test(name)) return new Date(Date.now() + 20 * 864e5).toISOString();
  if (name === 'token') return creds.raterToken;
  return 'Fuzz value';
}

/** The health check's 503 is its answer (a dependency did not reply in time), not a failure. */
function honestHealth(o: FuzzOutcome): boolean {
  return o.status === 503 && o.request.path.startsWith('/health');
}
