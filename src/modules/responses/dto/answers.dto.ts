import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Allow, IsOptional, IsString, MaxLength } from 'class-validator';

const ANSWERS_SCHEMA = {
  type: 'object',
  additionalProperties: { type: 'integer', nullable: true },
  example: { empowering_real_authority: 4, trust_keeps_promises: null },
} as const;

const COMMENTS_SCHEMA = {
  type: 'object',
  additionalProperties: { type: 'string', maxLength: 4000 },
  example: { helps_most: 'Asks the whole team before deciding.' },
} as const;

// The contents of `answers` and `comments` are checked against the framework by
// validateAnswers (answer-validation.ts), which names each item in error; @Allow() only lets
// the two properties through the global whitelist.

export class SubmitResponseDto {
  @ApiProperty({
    ...ANSWERS_SCHEMA,
    description:
      'Every item of the framework: a whole number on its scale, or null for "not observed"',
  })
  @Allow()
  answers!: unknown;

  @ApiPropertyOptional({
    ...COMMENTS_SCHEMA,
    description: 'Open questions by key; up to 4,000 characters each',
  })
  @Allow()
  comments?: unknown;
}

export class SaveDraftDto {
  @ApiPropertyOptional({
    ...ANSWERS_SCHEMA,
    description: 'Any items answered so far (scale point or null)',
  })
  @Allow()
  answers?: unknown;

  @ApiPropertyOptional({
    ...COMMENTS_SCHEMA,
    description: 'Open questions by key; up to 4,000 characters each',
  })
  @Allow()
  comments?: unknown;
}

export class DeclineDto {
  @ApiPropertyOptional({
    maxLength: 1000,
    description: 'Optional; not stored, so it cannot be tied to anyone',
  })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  reason?: string;
}
