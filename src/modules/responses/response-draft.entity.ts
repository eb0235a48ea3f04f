import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** Saved progress of a rater, tied to the nomination, deleted when the response is stored. */
@Entity('response_drafts')
export class ResponseDraft {
  @PrimaryColumn({ name: 'nomination_id', type: 'uuid' })
  nominationId!: string;

  @Column({ type: 'jsonb' })
  answers!: Record<string, number | null>;

  @Column({ type: 'jsonb' })
  comments!: Record<string, string>;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
