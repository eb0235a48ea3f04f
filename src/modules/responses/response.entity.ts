import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { Relationship } from '../../common/relationship';

/**
 * One rater's answers. Unlinkable by construction: no column or key leads to a nomination,
 * rater, token or email; the id is random; only the date is kept, no time of day.
 */
@Entity('responses')
export class Response {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'feedback_request_id', type: 'uuid' })
  feedbackRequestId!: string;

  @Column({ type: 'text' })
  relationship!: Relationship;

  /** itemKey → scale point, or null for "not observed". */
  @Column({ type: 'jsonb' })
  answers!: Record<string, number | null>;

  /** questionKey → text. */
  @Column({ type: 'jsonb' })
  comments!: Record<string, string>;

  @Column({ name: 'submitted_on', type: 'date' })
  submittedOn!: string;
}
