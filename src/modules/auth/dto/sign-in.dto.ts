import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { IsEmailAddress } from '../../../common/is-email-address';
import { PersonView } from '../../organisations/person.view';

export class RequestSignInLinkDto {
  @ApiProperty({ example: 'priya.shah@example.nhs.uk' })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsEmailAddress({ message: 'email must be an email address, such as name@example.nhs.uk' })
  @MaxLength(320)
  email!: string;
}

export class CreateSessionDto {
  @ApiProperty({ description: 'The token from the emailed sign-in link' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  token!: string;
}

export class SessionView {
  @ApiProperty() accessToken!: string;
  @ApiProperty() expiresAt!: string;
  @ApiProperty({ type: PersonView }) person!: PersonView;
}
