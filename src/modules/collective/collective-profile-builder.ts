import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Cycle } from '../cycles/cycle.entity';
import { Framework } from '../frameworks/framework.entity';
import { CloseSteps, type CloseStep } from '../reports/close-steps';
import { Fraction } from '../reports/fraction';
import { computeCollectiveProfile, type ProfileLeader } from './compute-collective-profile';
import { toStored } from './stored-profile';
import type { UnitNode } from './unit-tree';

/** Each request's leader, unit at close and published others means, read from its snapshot. */
interface SnapshotFigures {
  leaderId: string;
  unitId: string | null;
  /** Dimension key → the published others mean (two decimals), or null. */
  figures: Record<string, number | null> | null;
}

/**
 * The close step that computes a cycle's collective profile from its report snapshots alone (never
 * from responses) and stores it, once: registered to run after the snapshots and before the cycle's
 * reportsReady turns true.
 */
@Injectable()
export class CollectiveProfileBuilder implements CloseStep, OnModuleInit {
  readonly name = 'collective-profile';
  readonly phase = 'before-ready';
  readonly order = 10;
  private readonly logger = new Logger(CollectiveProfileBuilder.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly closeSteps: CloseSteps,
  ) {}

  onModuleInit(): void {
    this.closeSteps.register(this);
  }

  async run(cycleId: string): Promise<void> {
    const started = Date.now();
    const [done] = await this.dataSource.query<unknown[]>(
      `SELECT 1 FROM collective_profiles WHERE cycle_id = $1`,
      [cycleId],
    );
    if (done) return;
    const cycle = await this.dataSource.getRepository(Cycle).findOneByOrFail({ id: cycleId });
    const [framework, [organisation], units, snapshots] = await Promise.all([
      this.dataSource.getRepository(Framework).findOneByOrFail({ id: cycle.frameworkId }),
      this.dataSource.query<{ name: string }[]>(`SELECT name FROM organisations WHERE id = $1`, [
        cycle.organisationId,
      ]),
      this.dataSource.query<UnitNode[]>(
        `SELECT id, name, parent_id AS "parentId" FROM units WHERE organisation_id = $1`,
        [cycle.organisationId],
      ),
      // Only the others means leave PostgreSQL, not the ~18 kB bodies.
      this.dataSource.query<SnapshotFigures[]>(
        `SELECT fr.leader_id AS "leaderId", s.leader_unit_id AS "unitId",
                (SELECT jsonb_object_agg(d->>'key', d->'others'->'mean')
                   FROM jsonb_array_elements(s.body->'dimensions') d) AS figures
           FROM report_snapshots s
           JOIN feedback_requests fr ON fr.id = s.feedback_request_id
          WHERE s.cycle_id = $1`,
        [cycleId],
      ),
    ]);
    const leaders: ProfileLeader[] = snapshots.map((s) => ({
      leaderId: s.leaderId,
      unitId: s.unitId,
      figures: Object.fromEntries(
        Object.entries(s.figures ?? {}).map(([key, mean]) => [
          key,
          typeof mean === 'number' ? Fraction.fromHundredths(mean) : null,
        ]),
      ),
    }));
    const profile = computeCollectiveProfile({
      organisationName: organisation?.name ?? 'Organisation',
      threshold: cycle.anonymityThreshold,
      dimensions: framework.dimensions.map((d) => ({ key: d.key, title: d.title })),
      units,
      leaders,
    });
    await this.dataSource.query(
      `INSERT INTO collective_profiles (cycle_id, organisation_id, threshold, body)
       VALUES ($1, $2, $3, $4::jsonb) ON CONFLICT (cycle_id) DO NOTHING`,
      [cycleId, cycle.organisationId, cycle.anonymityThreshold, JSON.stringify(toStored(profile))],
    );
    this.logger.log(
      { cycleId, leaders: leaders.length, rows: profile.rows.length, ms: Date.now() - started },
      'Collective profile stored',
    );
  }
}
