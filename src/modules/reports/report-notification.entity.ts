import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The "your report is ready" email to one person about one request: sent once, or failed. */
@Entity('report_notifications')
export class ReportNotification {
  @PrimaryColumn({ name: 'feedback_request_id', type: 'uuid' })
  feedbackRequestId!: string;

  @PrimaryColumn({ name: 'recipient_id', type: 'uuid' })
  recipientId!: string;

  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt!: Date | null;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;
}
