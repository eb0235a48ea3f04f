import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { ReportDocument } from './report-document';

/**
 * One feedback request's report, computed once when its cycle closed. Never updated (a trigger
 * refuses UPDATE): every view serves these figures, whatever happens to responses later.
 */
@Entity('report_snapshots')
export class ReportSnapshot {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'feedback_request_id', type: 'uuid', unique: true })
  feedbackRequestId!: string;

  @Column({ name: 'cycle_id', type: 'uuid' })
  cycleId!: string;

  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId!: string;

  @Column({ name: 'framework_id', type: 'uuid' })
  frameworkId!: string;

  @Column({ name: 'framework_version', type: 'integer' })
  frameworkVersion!: number;

  /** The cycle's k when the snapshot was taken. */
  @Column({ type: 'integer' })
  threshold!: number;

  /** The API's report JSON. */
  @Column({ type: 'jsonb' })
  body!: ReportDocument;

  /** The leader's unit at close (null: none); the collective profile counts them there. */
  @Column({ name: 'leader_unit_id', type: 'uuid', nullable: true })
  leaderUnitId!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
