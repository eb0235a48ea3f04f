import { ApiProperty } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsDefined,
  IsInt,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  IsObject,
  ValidateNested,
} from 'class-validator';
import { trimmed } from '../../../common/text-transforms';

/** Keys name form fields (`answers[<itemKey>]`) and CSV cells: lower-case snake-case slugs. */
const SLUG = /^[a-z][a-z0-9_]{0,63}$/;
const SLUG_MESSAGE =
  '$property must be a slug: lower-case letters, digits and "_", starting with a letter (at most 64 characters)';

export class ScaleDto {
  @ApiProperty({ example: 1 })
  @IsInt()
  @Min(0)
  @Max(100)
  min!: number;

  @ApiProperty({ example: 5 })
  @IsInt()
  @Min(0)
  @Max(100)
  max!: number;

  @ApiProperty({
    example: ['Never', 'Rarely', 'Sometimes', 'Often', 'Always'],
    description: 'One label per point, min to max',
  })
  @IsArray()
  @ArrayMaxSize(10)
  @Transform(({ value }: { value: unknown }) =>
    Array.isArray(value)
      ? value.map((v: unknown) => (typeof v === 'string' ? v.trim() : v))
      : value,
  )
  @IsString({ each: true })
  @MaxLength(60, { each: true })
  labels!: string[];
}

export class ItemDto {
  @ApiProperty({ example: 'empowering_real_authority' })
  @IsString()
  @Matches(SLUG, { message: SLUG_MESSAGE })
  key!: string;

  @ApiProperty({ example: 'Gives people real authority to make decisions about their work' })
  @Transform(trimmed)
  @IsString()
  @MinLength(1, { message: 'item text must not be empty' })
  @MaxLength(500)
  text!: string;
}

export class DimensionDto {
  @ApiProperty({ example: 'empowering' })
  @IsString()
  @Matches(SLUG, { message: SLUG_MESSAGE })
  key!: string;

  @ApiProperty({ example: 'Developing and empowering people' })
  @Transform(trimmed)
  @IsString()
  @MinLength(1, { message: 'dimension title must not be empty' })
  @MaxLength(200)
  title!: string;

  @ApiProperty({ type: [ItemDto] })
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => ItemDto)
  items!: ItemDto[];
}

export class QuestionDto {
  @ApiProperty({ example: 'helps_most' })
  @IsString()
  @Matches(SLUG, { message: SLUG_MESSAGE })
  key!: string;

  @ApiProperty({ example: 'What does this person do that most helps people lead together?' })
  @Transform(trimmed)
  @IsString()
  @MinLength(1, { message: 'question text must not be empty' })
  @MaxLength(500)
  text!: string;
}

/**
 * A custom framework. Posting a key the organisation already uses creates its next version
 * (frameworks are never edited in place: a cycle may use the earlier one).
 */
export class CreateFrameworkDto {
  @ApiProperty({
    example: 'ward-leadership',
    description: 'Kebab-case; the same key again makes a new version',
  })
  @IsString()
  @Matches(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, {
    message: 'key must be kebab-case, such as ward-leadership',
  })
  @MaxLength(64)
  key!: string;

  @ApiProperty({ example: 'Ward leadership behaviours' })
  @Transform(trimmed)
  @IsString()
  @MinLength(1, { message: 'name must not be empty' })
  @MaxLength(200)
  name!: string;

  @ApiProperty({ type: ScaleDto })
  @IsDefined()
  // An array passes @ValidateNested (each of its none is valid): refuse it by name.
  @IsObject({ message: 'scale must be an object {min, max, labels}' })
  @ValidateNested()
  @Type(() => ScaleDto)
  scale!: ScaleDto;

  @ApiProperty({ type: [DimensionDto] })
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => DimensionDto)
  dimensions!: DimensionDto[];

  @ApiProperty({ type: [QuestionDto] })
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => QuestionDto)
  questions!: QuestionDto[];
}

export class FrameworkScaleView {
  @ApiProperty() min!: number;
  @ApiProperty() max!: number;
  @ApiProperty({ type: [String] }) labels!: string[];
}

export class FrameworkItemView {
  @ApiProperty() key!: string;
  @ApiProperty() text!: string;
}

export class FrameworkDimensionView {
  @ApiProperty() key!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ type: [FrameworkItemView] }) items!: FrameworkItemView[];
}

export class FrameworkQuestionView {
  @ApiProperty() key!: string;
  @ApiProperty() text!: string;
}

export class FrameworkView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'collective-leadership' }) key!: string;
  @ApiProperty({ example: 1 }) version!: number;
  @ApiProperty() name!: string;
  @ApiProperty({ description: 'False for the seeded frameworks every organisation shares' })
  custom!: boolean;
  @ApiProperty({
    type: FrameworkScaleView,
    description: 'Answers are a point of the scale, or null for "not observed"',
  })
  scale!: FrameworkScaleView;
  @ApiProperty({ type: [FrameworkDimensionView] }) dimensions!: FrameworkDimensionView[];
  @ApiProperty({ type: [FrameworkQuestionView] }) questions!: FrameworkQuestionView[];
  @ApiProperty() createdAt!: string;
}

export class FrameworkPage {
  @ApiProperty({ type: [FrameworkView] }) items!: FrameworkView[];
  @ApiProperty() total!: number;
}
