import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A queue job written in the same transaction as the records it is about, then relayed to
 * BullMQ. If the process dies between commit and enqueue, the sweeper relays it later.
 */
@Entity('outbox_messages')
export class OutboxMessage {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text' })
  queue!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ name: 'job_id', type: 'text' })
  jobId!: string;

  /** Ids only: never tokens, email addresses or answers. */
  @Column({ type: 'jsonb' })
  data!: Record<string, unknown>;

  /** Earliest time the job may run (null: at once); the delay is worked out when relayed. */
  @Column({ name: 'run_at', type: 'timestamptz', nullable: true })
  runAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'relayed_at', type: 'timestamptz', nullable: true })
  relayedAt!: Date | null;
}
