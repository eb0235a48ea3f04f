import { CreateDateColumn, Column, Entity, PrimaryColumn } from 'typeorm';

/** A coach may read the collective profiles of this unit and its subtree. */
@Entity('coach_grants')
export class CoachGrant {
  @PrimaryColumn({ name: 'unit_id', type: 'uuid' })
  unitId!: string;

  @PrimaryColumn({ name: 'person_id', type: 'uuid' })
  personId!: string;

  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
