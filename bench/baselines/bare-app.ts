import 'reflect-metadata';
import { Body, Controller, Get, Module, Param, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { InjectDataSource, TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { loadConfig } from '../../src/config/env.validation';

/**
 * Baselines for the HTTP benchmarks: a throwaway Nest app on the same stack (Express, TypeORM,
 * pg pool of the same size) whose routes do the least the real ones could: one parameterised
 * INSERT of a response-sized row, and one SELECT of a stored snapshot by key.
 */
@Controller('bare')
class BareController {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  @Post('responses/:token')
  async insert(
    @Param('token') token: string,
    @Body() body: { answers: unknown; comments: unknown },
  ): Promise<void> {
    await this.db.query(
      `INSERT INTO bench_bare_responses (token, answers, comments, submitted_on) VALUES ($1, $2, $3, current_date)`,
      [token, JSON.stringify(body.answers), JSON.stringify(body.comments)],
    );
  }

  @Get('reports/:id')
  async report(@Param('id') id: string): Promise<unknown> {
    const rows = await this.db.query<{ body: unknown }[]>(
      `SELECT body FROM report_snapshots WHERE feedback_request_id = $1`,
      [id],
    );
    return rows[0]?.body ?? null;
  }
}

// The service's own reading of the environment, so the pool has the size the service's has.
const config = loadConfig(process.env);

@Module({
  imports: [
    TypeOrmModule.forRoot({
      type: 'postgres',
      url: config.databaseUrl,
      extra: { max: config.databasePoolSize },
    }),
  ],
  controllers: [BareController],
})
class BareModule {}

async function main(): Promise<void> {
  const app = await NestFactory.create(BareModule, { logger: ['error'] });
  await app.listen(config.port);
}

void main();
