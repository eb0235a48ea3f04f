import { TestApp } from './support/test-app';

/** Every route of issue 2 (the API: Service, Staff sign-in, Organisation set-up). */
const FOUNDATION_ROUTES: [method: string, path: string][] = [
  ['get', '/health'],
  ['post', '/api/v1/auth/sign-in-links'],
  ['post', '/api/v1/auth/sessions'],
  ['get', '/api/v1/me'],
  ['post', '/api/v1/units'],
  ['get', '/api/v1/units'],
  ['post', '/api/v1/people'],
  ['get', '/api/v1/people'],
  ['post', '/api/v1/people/import'],
];

const PUBLIC_ROUTES = new Set(['/health', '/api/v1/auth/sign-in-links', '/api/v1/auth/sessions']);

describe('service routes', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await TestApp.create();
  });
  afterAll(async () => {
    await t.close();
  });

  it('GET /health answers 200 when PostgreSQL and Redis answer', async () => {
    const res = await t.http().get('/health').expect(200);
    expect(res.body).toMatchObject({
      status: 'ok',
      info: { postgres: { status: 'up' }, redis: { status: 'up' } },
    });
  });

  it('serves Swagger UI at /docs', async () => {
    const res = await t.http().get('/docs').expect(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.text).toMatch(/swagger-ui/i);
  });

  it('publishes an OpenAPI 3 document at /docs-json with every route of the foundation', async () => {
    const res = await t.http().get('/docs-json').expect(200);
    const doc = res.body as {
      openapi: string;
      paths: Record<string, Record<string, { security?: unknown[] }>>;
    };
    expect(doc.openapi).toMatch(/^3\./);
    const missing = FOUNDATION_ROUTES.filter(([method, path]) => !doc.paths[path]?.[method]).map(
      ([method, path]) => `${method.toUpperCase()} ${path}`,
    );
    expect(missing).toEqual([]);
    const staffWithoutBearer = FOUNDATION_ROUTES.filter(
      ([method, path]) => !PUBLIC_ROUTES.has(path) && !doc.paths[path]?.[method]?.security?.length,
    ).map(([method, path]) => `${method.toUpperCase()} ${path}`);
    expect(staffWithoutBearer).toEqual([]);
  });

  it('sends the security headers of helmet', async () => {
    const res = await t.http().get('/health').expect(200);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['strict-transport-security']).toMatch(/max-age=/);
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['x-powered-by']).toBeUndefined();
  });
});
