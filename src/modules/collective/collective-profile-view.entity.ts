import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const PROFILE_FORMATS = ['json', 'csv', 'html'] as const;
export type ProfileFormat = (typeof PROFILE_FORMATS)[number];

/** Audit: who read which cycle's collective profile, narrowed how, in which format, when. */
@Entity('collective_profile_views')
export class CollectiveProfileView {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId!: string;

  @Column({ name: 'person_id', type: 'uuid' })
  personId!: string;

  @Column({ name: 'cycle_id', type: 'uuid' })
  cycleId!: string;

  @Column({ name: 'unit_id', type: 'uuid', nullable: true })
  unitId!: string | null;

  @Column({ name: 'compare_to', type: 'uuid', nullable: true })
  compareTo!: string | null;

  @Column({ type: 'text' })
  format!: ProfileFormat;

  @Column({ name: 'viewed_at', type: 'timestamptz', default: () => 'now()' })
  viewedAt!: Date;
}
