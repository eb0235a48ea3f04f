import { Controller, Get, Header, Param, ParseUUIDPipe, Query, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCookieAuth,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPerson } from '../../common/access/auth.decorators';
import type { CurrentPersonInfo } from '../../common/access/authenticated-request';
import { CollectiveProfilesService } from './collective-profiles.service';
import { ProfileDocumentDto, ProfileQueryDto } from './dto/collective.dto';
import { profileCsv } from './profile-csv';

const ACCESS =
  'Admins: every unit. Coaches: the units granted to them and those below, with figures their ' +
  'coachees would expose held back. From close; every read is audited.';

/** A closed cycle's collective profile: JSON and CSV (the page is CollectiveProfilePageController). */
@ApiTags('collective profile')
@ApiBearerAuth()
@ApiCookieAuth()
@ApiForbiddenResponse({ description: 'Not an admin, nor a coach granted these units' })
@ApiNotFoundResponse({ description: 'No such cycle (or unit, or compareTo) in your organisation' })
@ApiConflictResponse({
  description: 'The cycle (or compareTo) is not closed, or its profile is being prepared',
})
@Controller('api/v1/cycles')
export class CollectiveProfilesController {
  constructor(private readonly profiles: CollectiveProfilesService) {}

  @Get(':id/collective-profile')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'The collective profile as JSON', description: ACCESS })
  @ApiOkResponse({ type: ProfileDocumentDto })
  async json(
    @CurrentPerson() person: CurrentPersonInfo,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Query() query: ProfileQueryDto,
    @Res() res: Response,
  ): Promise<void> {
    res
      .type('application/json; charset=utf-8')
      .send(await this.profiles.readJson(person, id, query));
  }

  @Get(':id/collective-profile.csv')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'The collective profile as CSV', description: ACCESS })
  @ApiProduces('text/csv')
  @ApiOkResponse({
    description: 'unit,parent,depth,leaders,dimension,mean,n,change; not shown: empty',
    content: { 'text/csv': { schema: { type: 'string' } } },
  })
  async csv(
    @CurrentPerson() person: CurrentPersonInfo,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Query() query: ProfileQueryDto,
    @Res() res: Response,
  ): Promise<void> {
    const doc = await this.profiles.read(person, id, query, 'csv');
    res
      .type('text/csv; charset=utf-8')
      .attachment(`collective-profile-${id}.csv`)
      .send(profileCsv(doc));
  }
}
