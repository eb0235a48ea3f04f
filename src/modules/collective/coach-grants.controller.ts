import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCookieAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentPerson, Roles } from '../../common/access/auth.decorators';
import type { CurrentPersonInfo } from '../../common/access/authenticated-request';
import { CoachGrantsService, type CoachGrantView } from './coach-grants.service';
import { CoachGrantDto, GrantCoachDto, GrantedCoachListDto } from './dto/collective.dto';

/** Which coaches may read a unit's collective profiles (and those of the units below it). */
@ApiTags('collective profile')
@ApiBearerAuth()
@ApiCookieAuth()
@Roles('admin')
@ApiNotFoundResponse({ description: 'No such unit (or person) in your organisation' })
@Controller('api/v1/units/:id/coach-grants')
export class CoachGrantsController {
  constructor(private readonly grants: CoachGrantsService) {}

  @Post()
  @ApiOperation({ summary: 'Let a coach read this unit’s collective profiles (and below)' })
  @ApiCreatedResponse({ type: CoachGrantDto })
  @ApiBadRequestResponse({ description: 'COACH_ROLE_MISSING: the person is not a coach' })
  @ApiConflictResponse({ description: 'COACH_GRANT_EXISTS: already granted' })
  grant(
    @CurrentPerson() me: CurrentPersonInfo,
    @Param('id', new ParseUUIDPipe()) unitId: string,
    @Body() dto: GrantCoachDto,
  ): Promise<CoachGrantView> {
    return this.grants.grant(me.organisationId, unitId, dto.personId);
  }

  @Get()
  @ApiOperation({ summary: 'The coaches who may read this unit’s collective profiles' })
  @ApiOkResponse({ type: GrantedCoachListDto })
  list(
    @CurrentPerson() me: CurrentPersonInfo,
    @Param('id', new ParseUUIDPipe()) unitId: string,
  ): Promise<GrantedCoachListDto> {
    return this.grants.list(me.organisationId, unitId);
  }

  @Delete(':personId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a coach’s access to this unit’s collective profiles' })
  @ApiNoContentResponse({ description: 'Access removed' })
  async revoke(
    @CurrentPerson() me: CurrentPersonInfo,
    @Param('id', new ParseUUIDPipe()) unitId: string,
    @Param('personId', new ParseUUIDPipe()) personId: string,
  ): Promise<void> {
    await this.grants.revoke(me.organisationId, unitId, personId);
  }
}
