import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { Relationship } from '../../common/relationship';

export const RESPONSE_STATUSES = ['pending', 'completed', 'declined'] as const;
export type ResponseStatus = (typeof RESPONSE_STATUSES)[number];
export const DELIVERY_STATUSES = ['queued', 'sent', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/**
 * A rater invited to give feedback on one request. Holds only the SHA-256 of the link token.
 * Deliberately no time of answering: that, with the response's date, could link the two.
 */
@Entity('nominations')
@Index(['feedbackRequestId', 'email'], { unique: true })
export class Nomination {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId!: string;

  @Column({ name: 'cycle_id', type: 'uuid' })
  cycleId!: string;

  @Column({ name: 'feedback_request_id', type: 'uuid' })
  feedbackRequestId!: string;

  @Column({ type: 'text' })
  relationship!: Relationship;

  @Column({ name: 'rater_name', type: 'text' })
  raterName!: string;

  @Column({ type: 'text' })
  email!: string;

  @Column({ name: 'token_hash', type: 'bytea', nullable: true, unique: true })
  tokenHash!: Buffer | null;

  @Column({ type: 'text', default: 'pending' })
  status!: ResponseStatus;

  @Column({ name: 'delivery_status', type: 'text', nullable: true })
  deliveryStatus!: DeliveryStatus | null;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;

  @Column({ name: 'queued_at', type: 'timestamptz', nullable: true })
  queuedAt!: Date | null;

  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt!: Date | null;

  /** How many reminders have gone out (each has its own job id: nomination + number). */
  @Column({ name: 'reminders_sent', type: 'integer', default: 0 })
  remindersSent!: number;

  /** The latest reminder round sent to this rater (a repeated job of that round skips). */
  @Column({ name: 'last_reminder_round', type: 'integer', default: 0 })
  lastReminderRound!: number;

  /** Admin retries of a failed delivery; each retry's job id is nomination + this number. */
  @Column({ name: 'delivery_retries', type: 'integer', default: 0 })
  deliveryRetries!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
