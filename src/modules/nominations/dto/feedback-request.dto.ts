import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';
import { PageQuery } from '../../../common/pagination';
import { CYCLE_STATES, CycleState } from '../../cycles/cycle.entity';

export class FeedbackRequestQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'Only the requests of this cycle' })
  @IsOptional()
  @IsUUID('all', { message: 'cycleId must be the id (a UUID) of a cycle' })
  cycleId?: string;
}

export class PersonRef {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
}

export class CycleRef {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: CYCLE_STATES }) state!: CycleState;
  @ApiProperty() closesAt!: string;
}

/** Counts only: never who has or has not answered. */
export class GroupProgress {
  @ApiProperty({ description: 'Every nomination of the group, whatever its status' })
  invited!: number;
  @ApiProperty() completed!: number;
  @ApiProperty() declined!: number;
}

export class ProgressByRelationship {
  @ApiProperty({ type: GroupProgress }) self!: GroupProgress;
  @ApiProperty({ type: GroupProgress }) manager!: GroupProgress;
  @ApiProperty({ type: GroupProgress }) peer!: GroupProgress;
  @ApiProperty({ type: GroupProgress }) direct_report!: GroupProgress;
  @ApiProperty({ type: GroupProgress }) other!: GroupProgress;
}

export class FeedbackRequestSummary {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) cycleId!: string;
  @ApiProperty({ format: 'uuid' }) leaderId!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) coachId!: string | null;
  @ApiProperty({ type: PersonRef }) leader!: PersonRef;
  @ApiProperty({ type: PersonRef, nullable: true }) coach!: PersonRef | null;
  @ApiProperty({ type: CycleRef }) cycle!: CycleRef;
}

export class FeedbackRequestPage {
  @ApiProperty({ type: [FeedbackRequestSummary] }) items!: FeedbackRequestSummary[];
  @ApiProperty() total!: number;
}

export class FeedbackRequestView extends FeedbackRequestSummary {
  @ApiProperty({
    type: ProgressByRelationship,
    description: 'Counts per relationship; no names, ids or statuses',
  })
  progress!: ProgressByRelationship;
}
