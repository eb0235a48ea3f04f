import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
  ApiOperation,
} from '@nestjs/swagger';
import { CurrentPerson } from '../../common/access/auth.decorators';
import type { CurrentPersonInfo } from '../../common/access/authenticated-request';
import {
  FeedbackRequestPage,
  FeedbackRequestQuery,
  FeedbackRequestView,
} from './dto/feedback-request.dto';
import { AddNominationsDto, NominationsCreatedView } from './dto/nomination.dto';
import { FeedbackRequestsService } from './feedback-requests.service';
import { NominationsService } from './nominations.service';

@ApiTags('feedback requests')
@ApiBearerAuth()
@Controller('api/v1/feedback-requests')
export class FeedbackRequestsController {
  constructor(
    private readonly requests: FeedbackRequestsService,
    private readonly nominations: NominationsService,
  ) {}

  @ApiOperation({ summary: 'The feedback requests the caller may see' })
  @Get()
  @ApiOkResponse({
    type: FeedbackRequestPage,
    description: 'A leader sees their own, a coach their coachees, an admin all',
  })
  list(
    @CurrentPerson() me: CurrentPersonInfo,
    @Query() query: FeedbackRequestQuery,
  ): Promise<FeedbackRequestPage> {
    return this.requests.list(me, query);
  }

  @ApiOperation({ summary: 'A feedback request with progress counts per group (never who)' })
  @Get(':id')
  @ApiOkResponse({ type: FeedbackRequestView })
  @ApiNotFoundResponse({ description: 'Not a request you may see' })
  get(
    @CurrentPerson() me: CurrentPersonInfo,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<FeedbackRequestView> {
    return this.requests.get(me, id);
  }

  @ApiOperation({ summary: 'Nominate raters (invitations go at once in an open cycle)' })
  @Post(':id/nominations')
  @ApiCreatedResponse({
    type: NominationsCreatedView,
    description: 'In an open cycle the invitations are queued at once',
  })
  @ApiBadRequestResponse({
    description: "NOMINATION_IS_LEADER: the leader's own email; or a bad relationship",
  })
  @ApiForbiddenResponse({ description: 'Neither the leader of the request nor an admin' })
  @ApiConflictResponse({
    description: 'NOMINATION_DUPLICATE; CYCLE_LOCKED once the cycle is closed',
  })
  async nominate(
    @CurrentPerson() me: CurrentPersonInfo,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: AddNominationsDto,
  ): Promise<NominationsCreatedView> {
    return { nominations: await this.nominations.add(me, id, dto) };
  }

  @ApiOperation({ summary: 'Remove a nomination' })
  @Delete(':id/nominations/:nominationId')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Removed' })
  @ApiForbiddenResponse({ description: 'A leader, once the cycle is open (admins only from then)' })
  @ApiConflictResponse({
    description: 'NOMINATION_ANSWERED: the rater answered or declined; CYCLE_LOCKED after close',
  })
  async remove(
    @CurrentPerson() me: CurrentPersonInfo,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('nominationId', ParseUUIDPipe) nominationId: string,
  ): Promise<void> {
    await this.nominations.remove(me, id, nominationId);
  }
}
