import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { AppModule } from '../src/app.module';
import { openApiDocument } from '../src/configure-app';

/**
 * Writes the OpenAPI document without a database or Redis: Nest's preview mode reads the routes'
 * metadata and instantiates nothing. `npm run lint` lints what this writes.
 */
async function main(): Promise<void> {
  const out = process.argv[2] ?? 'var/openapi.json';
  const app = await NestFactory.create(AppModule.forRoot({ worker: false }), {
    preview: true,
    logger: false,
  });
  const document = openApiDocument(app, 'http://localhost:3000');
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(document, null, 2)}\n`);
  process.stderr.write(`OpenAPI document written to ${out}\n`);
}

void main();
