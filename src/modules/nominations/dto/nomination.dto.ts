import { ApiProperty } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsString,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { IsEmailAddress } from '../../../common/is-email-address';
import { OTHER_RELATIONSHIPS, type OtherRelationship } from '../../../common/relationship';

/** A rater is nominated as any relationship but `self` (the leader's own answers). */
export const NOMINABLE_RELATIONSHIPS = OTHER_RELATIONSHIPS;

export class RaterDto {
  @ApiProperty({ example: 'sam.okafor@example.nhs.uk', description: 'Stored in lower case' })
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? value.trim().toLowerCase() : value,
  )
  @IsEmailAddress({ message: 'email must be an email address, such as name@example.nhs.uk' })
  @MaxLength(320)
  email!: string;

  @ApiProperty({ example: 'Sam Okafor' })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @MinLength(1, { message: 'name must not be empty' })
  @MaxLength(200)
  name!: string;

  @ApiProperty({ enum: NOMINABLE_RELATIONSHIPS })
  @IsIn(NOMINABLE_RELATIONSHIPS, {
    message: `relationship must be one of ${NOMINABLE_RELATIONSHIPS.join(', ')} (the leader's own answers are the self-assessment)`,
  })
  relationship!: OtherRelationship;
}

export class AddNominationsDto {
  @ApiProperty({ type: [RaterDto] })
  @IsArray()
  @ArrayMinSize(1, { message: 'raters must list at least one rater' })
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => RaterDto)
  raters!: RaterDto[];
}

export class NominationView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() email!: string;
  @ApiProperty({ enum: NOMINABLE_RELATIONSHIPS }) relationship!: string;
}

export class NominationsCreatedView {
  @ApiProperty({ type: [NominationView] }) nominations!: NominationView[];
}
