import 'reflect-metadata';
import { Body, Controller, Get, Module, Param, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { InjectDataSource, TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

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

@Module({
  imports: [
    TypeOrmModule.forRoot({
      type: 'postgres',
      url: process.env.DATABASE_URL,
      extra: { max: Number(process.env.DATABASE_POOL_SIZE ?? 10) },
    }),
  ],
  controllers: [BareController],
})
class BareModule {}

async function main(): Promise<void> {
  const app = await NestFactory.create(BareModule, { logger: ['error'] });
  await app.listen(Number(process.env.PORT));
}

void main();
