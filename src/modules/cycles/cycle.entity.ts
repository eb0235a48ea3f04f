import {
  Column,
  CreateDateColumn,
  Entity,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';

export const CYCLE_STATES = ['draft', 'open', 'closed', 'released'] as const;
export type CycleState = (typeof CYCLE_STATES)[number];

@Entity('cycles')
export class Cycle {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId!: string;

  @Column({ name: 'framework_id', type: 'uuid' })
  frameworkId!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text', default: 'draft' })
  state!: CycleState;

  @Column({ name: 'opens_at', type: 'timestamptz', nullable: true })
  opensAt!: Date | null;

  @Column({ name: 'closes_at', type: 'timestamptz' })
  closesAt!: Date;

  @Column({ name: 'anonymity_threshold', type: 'integer', default: 3 })
  anonymityThreshold!: number;

  @Column({ name: 'manager_disclosed', type: 'boolean', default: false })
  managerDisclosed!: boolean;

  @Column({
    name: 'reminder_days_before_close',
    type: 'integer',
    array: true,
    default: () => "'{7,2}'",
  })
  reminderDaysBeforeClose!: number[];

  @Column({ name: 'opened_at', type: 'timestamptz', nullable: true })
  openedAt!: Date | null;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt!: Date | null;

  @Column({ name: 'released_at', type: 'timestamptz', nullable: true })
  releasedAt!: Date | null;

  @Column({ name: 'reports_ready', type: 'boolean', default: false })
  reportsReady!: boolean;

  /** Reminder rounds started so far; a reminder's job id is nomination + round number. */
  @Column({ name: 'reminder_rounds', type: 'integer', default: 0 })
  reminderRounds!: number;

  /** Scheduled rounds already started (`<days>d-<closesAtEpochMs>`), so a repeated job sends nothing. */
  @Column({ name: 'scheduled_reminders_done', type: 'text', array: true, default: () => "'{}'" })
  scheduledRemindersDone!: string[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
