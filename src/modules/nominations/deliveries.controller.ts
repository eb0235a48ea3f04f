import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiOkResponse,
  ApiTags,
  ApiOperation,
} from '@nestjs/swagger';
import { CurrentPerson, Roles } from '../../common/access/auth.decorators';
import type { CurrentPersonInfo } from '../../common/access/authenticated-request';
import { DeliveriesService } from './deliveries.service';
import { DeliveryPage, DeliveryQuery, QueuedView } from './dto/delivery.dto';
import { RemindersService } from './reminders.service';

/** Rater emails of a cycle, for admins: delivery status, retries, reminders. */
@ApiTags('cycles')
@ApiBearerAuth()
@Roles('admin')
@Controller('api/v1/cycles')
export class DeliveriesController {
  constructor(
    private readonly deliveries: DeliveriesService,
    private readonly reminders: RemindersService,
  ) {}

  @ApiOperation({ summary: 'Invitation and reminder deliveries, by status' })
  @Get(':id/deliveries')
  @ApiOkResponse({ type: DeliveryPage })
  list(
    @CurrentPerson() me: CurrentPersonInfo,
    @Param('id', ParseUUIDPipe) id: string,
    @Query() query: DeliveryQuery,
  ): Promise<DeliveryPage> {
    return this.deliveries.list(me.organisationId, id, query);
  }

  @ApiOperation({ summary: 'Queue every failed delivery again' })
  @Post(':id/deliveries/retry')
  @HttpCode(202)
  @ApiAcceptedResponse({ type: QueuedView, description: 'Every failed delivery is queued again' })
  @ApiConflictResponse({ description: 'CYCLE_LOCKED: the cycle is not open' })
  async retry(
    @CurrentPerson() me: CurrentPersonInfo,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<QueuedView> {
    return { queued: await this.deliveries.retryFailed(me.organisationId, id) };
  }

  @ApiOperation({ summary: 'Remind raters who have neither answered nor declined' })
  @Post(':id/remind')
  @HttpCode(202)
  @ApiAcceptedResponse({
    type: QueuedView,
    description: 'Reminders to raters who have neither answered nor declined',
  })
  @ApiConflictResponse({ description: 'CYCLE_LOCKED: the cycle is not open' })
  async remind(
    @CurrentPerson() me: CurrentPersonInfo,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<QueuedView> {
    // Without `afterRound` a round always starts, so the count is never null here.
    return { queued: (await this.reminders.remindNow(me.organisationId, id)) ?? 0 };
  }
}
