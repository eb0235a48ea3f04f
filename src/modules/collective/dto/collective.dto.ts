import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional, IsUUID } from 'class-validator';

/** A form's empty choice ("No comparison") is no value at all. */
const emptyAsMissing = ({ value }: { value: unknown }) => (value === '' ? undefined : value);

export class ProfileQueryDto {
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Only this unit and the units below it (the figures stay those of the whole tree)',
  })
  @Transform(emptyAsMissing)
  @IsOptional()
  @IsUUID('all', { message: 'unitId must be the id (a UUID) of one of your units' })
  unitId?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'An earlier closed cycle: each figure gets its change since then',
  })
  @Transform(emptyAsMissing)
  @IsOptional()
  @IsUUID('all', { message: 'compareTo must be the id (a UUID) of an earlier closed cycle' })
  compareTo?: string;
}

export class GrantCoachDto {
  @ApiProperty({ format: 'uuid', description: 'A person with the coach role' })
  @IsUUID('all', { message: 'personId must be the id (a UUID) of a person with the coach role' })
  personId!: string;
}

export class CoachGrantDto {
  @ApiProperty({ format: 'uuid' }) unitId!: string;
  @ApiProperty({ format: 'uuid' }) personId!: string;
}

export class GrantedCoachDto {
  @ApiProperty({ format: 'uuid' }) personId!: string;
  @ApiProperty() name!: string;
  @ApiProperty() email!: string;
}

export class GrantedCoachListDto {
  @ApiProperty({ type: [GrantedCoachDto] }) items!: GrantedCoachDto[];
}

class NamedCycleDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
}

class ProfileDimensionDto {
  @ApiProperty() key!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ type: Number, nullable: true, description: '2 decimals; null unless published' })
  mean!: number | null;
  @ApiProperty({ description: 'Leaders in the row whose report publishes an others figure here' })
  n!: number;
  @ApiProperty() published!: boolean;
  @ApiProperty({ type: Number, nullable: true, description: 'mean − compareTo’s, both published' })
  change!: number | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description:
      'Why the mean is not shown (no_figures, below_threshold, residue, coachees); null when it is',
  })
  reason!: string | null;
}

class ProfileUnitDto {
  @ApiProperty({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'null: the organisation',
  })
  unitId!: string | null;
  @ApiProperty() name!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) parentId!: string | null;
  @ApiProperty() depth!: number;
  @ApiProperty({ description: 'Leaders of the cycle whose unit at close is in this subtree' })
  leaders!: number;
  @ApiProperty({ type: [ProfileDimensionDto] }) dimensions!: ProfileDimensionDto[];
}

export class ProfileDocumentDto {
  @ApiProperty({ type: NamedCycleDto }) cycle!: NamedCycleDto;
  @ApiProperty() threshold!: number;
  @ApiProperty({ type: NamedCycleDto, nullable: true }) compareTo!: NamedCycleDto | null;
  @ApiProperty({ type: [ProfileUnitDto] }) units!: ProfileUnitDto[];
}
