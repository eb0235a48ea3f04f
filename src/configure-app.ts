import { INestApplication, ValidationPipe } from '@nestjs/common';
import { HttpAdapterHost, Reflector } from '@nestjs/core';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import cookieParser from 'cookie-parser';
import { Logger } from 'nestjs-pino';
import { DomainErrorFilter } from './common/domain-error.filter';
import { InputShapeInterceptor } from './common/input-shape';
import { finishOpenApiDocument } from './common/openapi-document';
import { OutageFilter } from './common/outage';
import { securityHeaders } from './common/security-headers';
import { httpMetrics } from './modules/metrics/http-metrics.middleware';
import { appConfig } from './config/app.config';
import type { AppConfig } from './config/env.validation';
import { RATER_PATHS, raterHeaders } from './modules/responses/rater-headers.middleware';
import { assetsRouter } from './pages/assets';
import { NotFoundPageFilter } from './pages/page-error.filter';
import { PageRenderer } from './pages/page-renderer';

/** Everything main.ts and the tests share: logs, security headers, validation, errors, docs. */
export function configureApp(app: INestApplication): INestApplication {
  app.useLogger(app.get(Logger));
  const config = app.get<AppConfig>(appConfig.KEY);
  app.use(httpMetrics);
  app.use(securityHeaders({ https: config.publicUrl.startsWith('https:') }));
  // The design system's CSS, JS and images, and ours: from this service, cached for a year.
  app.use(assetsRouter());
  // Before the body parsers, so even their 400/413 replies on rater routes are never cached.
  app.use(RATER_PATHS, raterHeaders);
  app.use(cookieParser());
  // Answers are per person and mostly no-store: an ETag (a hash of every body sent) buys nothing.
  (app.getHttpAdapter().getInstance() as { set(name: string, value: unknown): void }).set(
    'etag',
    false,
  );
  // Before the pipes: nesting and unstorable characters are refused in one iterative walk.
  app.useGlobalInterceptors(new InputShapeInterceptor(app.get(Reflector)));
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      stopAtFirstError: false,
    }),
  );
  // Nest tries the global filters last one first: the catch-all (a database or Redis out of
  // reach is a 503, anything else Nest's own handling) comes first so that it is tried last.
  app.useGlobalFilters(
    new OutageFilter(app.get(HttpAdapterHost).httpAdapter),
    new DomainErrorFilter(),
    new NotFoundPageFilter(app.get(PageRenderer)),
  );
  app.enableShutdownHooks();

  const document = openApiDocument(app, config.publicUrl);
  SwaggerModule.setup('docs', app, document, {
    jsonDocumentUrl: 'docs-json',
    swaggerOptions: {
      // "Try it out" for a signed-in browser: its requests carry the session cookie, so a change
      // needs the CSRF token in a header. The cookie is HttpOnly, so the page asks this site for
      // the token once (GET /api/v1/auth/csrf-token) and adds it. (A Bearer token given under
      // "Authorize" needs none.) Runs in the browser: no imports here.
      requestInterceptor: async (request: { url: string; headers: Record<string, string> }) => {
        if (request.url.endsWith('/api/v1/auth/csrf-token')) return request;
        const browser = globalThis as unknown as {
          c360CsrfToken?: string;
          fetch(url: string, init: object): Promise<{ ok: boolean; json(): Promise<unknown> }>;
        };
        if (!browser.c360CsrfToken) {
          const answer = await browser.fetch('/api/v1/auth/csrf-token', {
            credentials: 'same-origin',
          });
          if (answer.ok) browser.c360CsrfToken = ((await answer.json()) as { token: string }).token;
        }
        if (browser.c360CsrfToken) request.headers['X-CSRF-Token'] = browser.c360CsrfToken;
        return request;
      },
    },
  });
  return app;
}

/** The OpenAPI document of every route (served at /docs-json; `npm run openapi` writes it). */
export function openApiDocument(app: INestApplication, serverUrl: string): OpenAPIObject {
  const generated = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Collective 360')
      .setDescription(
        '360° feedback on collective-leadership behaviours. Every route, its errors and its schemas are described below.',
      )
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  return finishOpenApiDocument(generated, { serverUrl });
}
