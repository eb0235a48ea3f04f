import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  MinLength,
} from 'class-validator';
import { IsEmailAddress } from '../../../common/is-email-address';
import { OptionalNotNull } from '../../../common/optional-not-null';
import { PageQuery } from '../../../common/pagination';
import { PersonView } from '../person.view';
import { Role, ROLES } from '../../../common/access/role';
import { singleLine, trimmed, trimmedLowerCase } from '../../../common/text-transforms';

const ROLE_MESSAGE = `each role must be one of ${ROLES.join(', ')}`;

export class CreatePersonDto {
  @ApiProperty({ example: 'priya.shah@example.nhs.uk', description: 'Stored in lower case' })
  @Transform(trimmedLowerCase)
  @IsEmailAddress({ message: 'email must be an email address, such as name@example.nhs.uk' })
  @MaxLength(320)
  email!: string;

  @ApiProperty({ example: 'Priya Shah', maxLength: 200 })
  @Transform(singleLine)
  @IsString()
  @MinLength(1, { message: 'name must not be empty' })
  @MaxLength(200)
  name!: string;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String })
  @IsOptional()
  @IsUUID('all', { message: 'unitId must be the id (a UUID) of one of your units' })
  unitId?: string | null;

  @ApiPropertyOptional({ isArray: true, enum: ROLES, default: [] })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(ROLES.length * 2)
  @IsIn(ROLES, { each: true, message: ROLE_MESSAGE })
  roles?: Role[];

  @ApiPropertyOptional({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'The person they report to',
  })
  @IsOptional()
  @IsUUID('all', { message: 'managerId must be the id (a UUID) of someone in your organisation' })
  managerId?: string | null;
}

/** Only the fields sent change; `null` clears the unit or the manager. */
export class UpdatePersonDto {
  @ApiPropertyOptional({ maxLength: 200 })
  @OptionalNotNull()
  @Transform(singleLine)
  @IsString()
  @MinLength(1, { message: 'name must not be empty' })
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String })
  @IsOptional()
  @IsUUID('all', { message: 'unitId must be the id (a UUID) of one of your units' })
  unitId?: string | null;

  @ApiPropertyOptional({ isArray: true, enum: ROLES })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(ROLES.length * 2)
  @IsIn(ROLES, { each: true, message: ROLE_MESSAGE })
  roles?: Role[];

  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String })
  @IsOptional()
  @IsUUID('all', { message: 'managerId must be the id (a UUID) of someone in your organisation' })
  managerId?: string | null;
}

export class ListPeopleQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'Only the people of this unit' })
  @Transform(({ value }: { value: unknown }) => (value === '' ? undefined : value))
  @IsOptional()
  @IsUUID('all', { message: 'unitId must be the id (a UUID) of one of your units' })
  unitId?: string;

  @ApiPropertyOptional({ description: 'Part of a name or an email, in any case' })
  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @MaxLength(200)
  search?: string;
}

export class PersonPage {
  @ApiProperty({ type: [PersonView] }) items!: PersonView[];
  @ApiProperty() total!: number;
}

export class ImportErrorView {
  @ApiProperty({ description: 'Line in the file (the header is line 1)' }) line!: number;
  @ApiProperty() message!: string;
}

export class ImportResultView {
  @ApiProperty({ description: 'People added' }) created!: number;
  @ApiProperty({ description: 'People already there whose name, unit, roles or manager changed' })
  updated!: number;
  @ApiProperty({ description: 'Units added because the file named them' }) unitsCreated!: number;
  @ApiProperty({ type: [ImportErrorView], description: 'Empty unless nothing was changed' })
  errors!: ImportErrorView[];
}
