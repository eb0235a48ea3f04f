import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One leader in one cycle, with an optional coach. */
@Entity('feedback_requests')
@Index(['cycleId', 'leaderId'], { unique: true })
export class FeedbackRequest {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId!: string;

  @Column({ name: 'cycle_id', type: 'uuid' })
  cycleId!: string;

  @Column({ name: 'leader_id', type: 'uuid' })
  leaderId!: string;

  @Column({ name: 'coach_id', type: 'uuid', nullable: true })
  coachId!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
