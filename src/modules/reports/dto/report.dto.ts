import { ApiProperty } from '@nestjs/swagger';
import { OTHER_RELATIONSHIPS, RELATIONSHIPS } from '../../../common/relationship';

// Swagger's description of the API's report JSON (responses only; nothing is validated here).

class PersonRefDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
}

class CycleRefDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
}

class CountDto {
  @ApiProperty({ description: 'Every nomination of the group, whatever its status' })
  invited!: number;
  @ApiProperty() completed!: number;
}

class GroupFigureDto {
  @ApiProperty({ enum: OTHER_RELATIONSHIPS }) relationship!: string;
  @ApiProperty({ type: Number, nullable: true, description: 'null when suppressed' })
  mean!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'null when suppressed' })
  n!: number | null;
  @ApiProperty() suppressed!: boolean;
}

class OthersFigureDto {
  @ApiProperty({ description: 'Rounded to 2 decimals' }) mean!: number;
  @ApiProperty() n!: number;
}

class OthersItemFigureDto extends OthersFigureDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'integer' },
    description: 'Each scale point (as a string) and "notObserved" → count',
    example: { '1': 0, '2': 1, '3': 2, '4': 3, '5': 1, notObserved: 1 },
  })
  distribution!: Record<string, number>;
}

class ItemReportDto {
  @ApiProperty() key!: string;
  @ApiProperty() text!: string;
  @ApiProperty({ type: Number, nullable: true }) self!: number | null;
  @ApiProperty({ type: OthersItemFigureDto, nullable: true }) others!: OthersItemFigureDto | null;
  @ApiProperty({ type: [GroupFigureDto] }) groups!: GroupFigureDto[];
}

class DimensionReportDto {
  @ApiProperty() key!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ type: Number, nullable: true }) self!: number | null;
  @ApiProperty({ type: OthersFigureDto, nullable: true }) others!: OthersFigureDto | null;
  @ApiProperty({ type: [GroupFigureDto] }) groups!: GroupFigureDto[];
  @ApiProperty({ type: [ItemReportDto] }) items!: ItemReportDto[];
}

class CommentsDto {
  @ApiProperty() questionKey!: string;
  @ApiProperty() question!: string;
  @ApiProperty({ type: [String], description: 'No group labels, in no submission order' })
  answers!: string[];
}

class HighlightsDto {
  @ApiProperty({ type: [String], description: 'Item keys where self − others ≥ 1.0' })
  blindSpots!: string[];
  @ApiProperty({ type: [String], description: 'Item keys where others − self ≥ 1.0' })
  hiddenStrengths!: string[];
}

export class ReportDto {
  @ApiProperty({ format: 'uuid' }) requestId!: string;
  @ApiProperty({ type: PersonRefDto }) leader!: PersonRefDto;
  @ApiProperty({ type: CycleRefDto }) cycle!: CycleRefDto;
  @ApiProperty({ description: 'The anonymity threshold k of the cycle' }) threshold!: number;
  @ApiProperty({
    type: 'object',
    description: `Per relationship (${RELATIONSHIPS.join(', ')})`,
    additionalProperties: {
      type: 'object',
      properties: { invited: { type: 'integer' }, completed: { type: 'integer' } },
    },
  })
  counts!: Record<string, CountDto>;
  @ApiProperty({ type: [DimensionReportDto] }) dimensions!: DimensionReportDto[];
  @ApiProperty({ type: [CommentsDto] }) comments!: CommentsDto[];
  @ApiProperty({ type: HighlightsDto }) highlights!: HighlightsDto;
}
