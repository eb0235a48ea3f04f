import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import type { StoredProfile } from './stored-profile';

/** A closed cycle's collective profile, computed once from its report snapshots; never updated. */
@Entity('collective_profiles')
export class CollectiveProfileRecord {
  @PrimaryColumn({ name: 'cycle_id', type: 'uuid' })
  cycleId!: string;

  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId!: string;

  @Column({ type: 'integer' })
  threshold!: number;

  @Column({ type: 'jsonb' })
  body!: StoredProfile;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
