import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { singleLine } from '../../../common/text-transforms';

export class CreateUnitDto {
  @ApiProperty({ example: 'Emergency Department', maxLength: 200 })
  @Transform(singleLine)
  @IsString()
  @MinLength(1, { message: 'name must not be empty' })
  @MaxLength(200)
  name!: string;

  @ApiPropertyOptional({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'The unit this one belongs to',
  })
  @IsOptional()
  @IsUUID('all', { message: 'parentId must be the id (a UUID) of one of your units' })
  parentId?: string | null;
}

export class UnitView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) parentId!: string | null;
}

export class UnitPage {
  @ApiProperty({ type: [UnitView] }) items!: UnitView[];
  @ApiProperty() total!: number;
}
