import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * Saved progress of a rater, tied to the nomination, deleted when the response is stored. Its
 * answers and comments are one ciphertext under a key derived from the rater's link token
 * (`draftKey`), which the database never holds: only the link opens it.
 */
@Entity('response_drafts')
export class ResponseDraft {
  @PrimaryColumn({ name: 'nomination_id', type: 'uuid' })
  nominationId!: string;

  @Column({ type: 'text' })
  sealed!: string;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
