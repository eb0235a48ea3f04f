import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const REPORT_FORMATS = ['json', 'csv', 'html'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** Audit: who read which report, in which format, when. One row per view. */
@Entity('report_views')
export class ReportView {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId!: string;

  @Column({ name: 'person_id', type: 'uuid' })
  personId!: string;

  @Column({ name: 'feedback_request_id', type: 'uuid' })
  feedbackRequestId!: string;

  @Column({ type: 'text' })
  format!: ReportFormat;

  @Column({ name: 'viewed_at', type: 'timestamptz', default: () => 'now()' })
  viewedAt!: Date;
}
