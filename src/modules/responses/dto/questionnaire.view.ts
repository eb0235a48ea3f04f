import { ApiProperty } from '@nestjs/swagger';
import { RELATIONSHIPS } from '../../../common/relationship';

export class LeaderView {
  @ApiProperty({ example: 'Priya Shah' }) name!: string;
}

export class RaterCycleView {
  @ApiProperty({ example: 'Spring 2026' }) name!: string;
  @ApiProperty({ format: 'date-time' }) closesAt!: string;
  @ApiProperty({ example: 3, description: 'Groups smaller than this are never shown' })
  anonymityThreshold!: number;
  @ApiProperty({ description: "Whether the line manager's answers are shown as their own" })
  managerDisclosed!: boolean;
}

export class ScaleView {
  @ApiProperty({ example: 1 }) min!: number;
  @ApiProperty({ example: 5 }) max!: number;
  @ApiProperty({ example: ['Never', 'Rarely', 'Sometimes', 'Often', 'Always'] }) labels!: string[];
}

export class ItemView {
  @ApiProperty() key!: string;
  @ApiProperty() text!: string;
}

export class DimensionView {
  @ApiProperty() key!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ type: [ItemView] }) items!: ItemView[];
}

export class QuestionView {
  @ApiProperty() key!: string;
  @ApiProperty() text!: string;
}

export class DraftView {
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer', nullable: true } })
  answers!: Record<string, number | null>;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' } })
  comments!: Record<string, string>;
}

export class QuestionnaireView {
  @ApiProperty({ type: LeaderView }) leader!: LeaderView;
  @ApiProperty({ type: RaterCycleView }) cycle!: RaterCycleView;
  @ApiProperty({ enum: RELATIONSHIPS }) relationship!: string;
  @ApiProperty({ type: ScaleView }) scale!: ScaleView;
  @ApiProperty({ type: [DimensionView] }) dimensions!: DimensionView[];
  @ApiProperty({ type: [QuestionView] }) questions!: QuestionView[];
  @ApiProperty({
    type: DraftView,
    nullable: true,
    description:
      'The saved draft, or null: none saved, or saved with an earlier link of this rater (a draft is sealed with the link it was saved with, and a reminder replaces the link)',
  })
  draft!: DraftView | null;
}
