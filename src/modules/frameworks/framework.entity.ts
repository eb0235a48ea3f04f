import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { FrameworkShape } from './framework-shape';

export type FrameworkScale = FrameworkShape['scale'];
export type FrameworkDimension = FrameworkShape['dimensions'][number];
export type FrameworkQuestion = FrameworkShape['questions'][number];

/**
 * A versioned questionnaire. Rows are never updated once a cycle uses them: editing means a new
 * version. `organisationId` is null for the seeded default, which every organisation sees.
 */
@Entity('frameworks')
export class Framework {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'organisation_id', type: 'uuid', nullable: true })
  organisationId!: string | null;

  @Column({ type: 'text' })
  key!: string;

  @Column({ type: 'integer' })
  version!: number;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'jsonb' })
  scale!: FrameworkScale;

  @Column({ type: 'jsonb' })
  dimensions!: FrameworkDimension[];

  @Column({ type: 'jsonb' })
  questions!: FrameworkQuestion[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
