import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { OptionalNotNull } from '../../../common/optional-not-null';
import { PageQuery } from '../../../common/pagination';
import { CYCLE_STATES, CycleState } from '../cycle.entity';
import { trimmed } from '../../../common/text-transforms';

const THRESHOLD_MESSAGE =
  'anonymityThreshold must be a whole number of at least 3: smaller groups could identify raters';
const DATE_MESSAGE = '$property must be an ISO 8601 date and time, such as 2026-04-17T17:00:00Z';

/** Fields shared by create and update; every one optional on update. */
class CycleSettingsDto {
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Default: the latest collective-leadership framework',
  })
  @OptionalNotNull()
  @IsUUID('all', { message: 'frameworkId must be the id (a UUID) of a framework' })
  frameworkId?: string;

  @ApiPropertyOptional({
    description: 'When the cycle is planned to open (informative; opening is an action)',
  })
  @OptionalNotNull()
  @IsISO8601({ strict: true }, { message: DATE_MESSAGE })
  opensAt?: string;

  @ApiPropertyOptional({
    minimum: 3,
    default: 3,
    description: 'k: the smallest group whose figures are shown',
  })
  @OptionalNotNull()
  @IsInt({ message: THRESHOLD_MESSAGE })
  @Min(3, { message: THRESHOLD_MESSAGE })
  @Max(50)
  anonymityThreshold?: number;

  @ApiPropertyOptional({
    default: false,
    description: "Show the line manager's answers as their own group",
  })
  @OptionalNotNull()
  @IsBoolean()
  managerDisclosed?: boolean;

  @ApiPropertyOptional({
    type: [Number],
    default: [7, 2],
    description: 'Whole days before close; [] for none',
  })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(10)
  @ArrayUnique({ message: 'reminderDaysBeforeClose must not repeat a day' })
  @IsInt({ each: true, message: 'reminderDaysBeforeClose must hold whole numbers of days' })
  @Min(1, { each: true, message: 'reminderDaysBeforeClose must hold days from 1 to 365' })
  @Max(365, { each: true, message: 'reminderDaysBeforeClose must hold days from 1 to 365' })
  reminderDaysBeforeClose?: number[];
}

export class CreateCycleDto extends CycleSettingsDto {
  @ApiProperty({ example: 'Ward leaders, spring 2026' })
  @Transform(trimmed)
  @IsString()
  @MinLength(1, { message: 'name must not be empty' })
  @MaxLength(200)
  name!: string;

  @ApiProperty({
    example: '2026-04-17T16:00:00Z',
    description: 'Must be in the future; the cycle closes by itself then',
  })
  @IsISO8601({ strict: true }, { message: DATE_MESSAGE })
  closesAt!: string;
}

/** Name any time; closesAt and reminders until close; the rest only while a draft. */
export class UpdateCycleDto extends CycleSettingsDto {
  @ApiPropertyOptional()
  @OptionalNotNull()
  @Transform(trimmed)
  @IsString()
  @MinLength(1, { message: 'name must not be empty' })
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ description: 'Must be in the future; an open cycle is rescheduled' })
  @OptionalNotNull()
  @IsISO8601({ strict: true }, { message: DATE_MESSAGE })
  closesAt?: string;
}

export class CycleProgress {
  @ApiProperty({ description: 'Feedback requests (leaders enrolled)' }) requests!: number;
  @ApiProperty({ description: 'Nominations, self-assessments included' }) invited!: number;
  @ApiProperty() completed!: number;
  @ApiProperty() declined!: number;
}

export class CycleView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: CYCLE_STATES }) state!: CycleState;
  @ApiProperty({ format: 'uuid' }) frameworkId!: string;
  @ApiProperty({ nullable: true, type: String }) opensAt!: string | null;
  @ApiProperty() closesAt!: string;
  @ApiProperty() anonymityThreshold!: number;
  @ApiProperty() managerDisclosed!: boolean;
  @ApiProperty({ type: [Number] }) reminderDaysBeforeClose!: number[];
  @ApiProperty({ description: 'True once every report snapshot of the closed cycle is stored' })
  reportsReady!: boolean;
  @ApiProperty({ nullable: true, type: String }) openedAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) closedAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) releasedAt!: string | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ type: CycleProgress }) progress!: CycleProgress;
}

export class CyclePage {
  @ApiProperty({ type: [CycleView] }) items!: CycleView[];
  @ApiProperty() total!: number;
}

export class CycleListQuery extends PageQuery {}

export class ParticipantDto {
  @ApiProperty({ format: 'uuid', description: 'A person with the leader role' })
  @IsUUID('all', { message: 'personId must be the id (a UUID) of a person' })
  personId!: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'A person with the coach role' })
  @IsOptional()
  @IsUUID('all', { message: 'coachId must be the id (a UUID) of a person' })
  coachId?: string;
}

export class EnrolDto {
  @ApiProperty({ type: [ParticipantDto] })
  @IsArray()
  @ArrayMinSize(1, { message: 'leaders must list at least one leader' })
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => ParticipantDto)
  leaders!: ParticipantDto[];
}

export class EnrolledRequest {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) leaderId!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) coachId!: string | null;
}

export class EnrolledView {
  @ApiProperty({ type: [EnrolledRequest] }) requests!: EnrolledRequest[];
}
