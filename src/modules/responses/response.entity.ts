import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { Relationship } from '../../common/relationship';

/**
 * One rater's answers. Unlinkable by construction: no column or key leads to a nomination,
 * rater, token or email; the id is random; only the date is kept, no time of day. Answers and
 * comments are sealed with the cycle's data key (AnswerKeys); at close the rows are rewritten
 * with new ids in a random order (unlink-responses.ts).
 */
@Entity('responses')
export class Response {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'feedback_request_id', type: 'uuid' })
  feedbackRequestId!: string;

  @Column({ type: 'text' })
  relationship!: Relationship;

  /** Sealed JSON: itemKey → scale point, or null for "not observed". */
  @Column({ type: 'text' })
  answers!: string;

  /** Sealed JSON: questionKey → text. */
  @Column({ type: 'text' })
  comments!: string;

  @Column({ name: 'submitted_on', type: 'date' })
  submittedOn!: string;
}
