import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
  ApiOperation,
} from '@nestjs/swagger';
import { CurrentPerson, Roles } from '../../common/access/auth.decorators';
import type { CurrentPersonInfo } from '../../common/access/authenticated-request';
import { CycleLifecycleService } from './cycle-lifecycle.service';
import { CyclesService } from './cycles.service';
import {
  CreateCycleDto,
  CycleListQuery,
  CyclePage,
  CycleView,
  EnrolDto,
  EnrolledView,
  UpdateCycleDto,
} from './dto/cycle.dto';
import { ParticipantsService } from './participants.service';

@ApiTags('cycles')
@ApiBearerAuth()
@Roles('admin')
@Controller('api/v1/cycles')
export class CyclesController {
  constructor(
    private readonly cycles: CyclesService,
    private readonly lifecycle: CycleLifecycleService,
    private readonly participants: ParticipantsService,
  ) {}

  @ApiOperation({ summary: 'Create a draft cycle' })
  @Post()
  @ApiCreatedResponse({ type: CycleView, description: 'A draft cycle' })
  @ApiBadRequestResponse({ description: 'Threshold below 3; CLOSES_AT_IN_PAST' })
  create(@CurrentPerson() me: CurrentPersonInfo, @Body() dto: CreateCycleDto): Promise<CycleView> {
    return this.cycles.create(me.organisationId, dto);
  }

  @ApiOperation({ summary: 'The organisation’s cycles' })
  @Get()
  @ApiOkResponse({ type: CyclePage })
  list(@CurrentPerson() me: CurrentPersonInfo, @Query() query: CycleListQuery): Promise<CyclePage> {
    return this.cycles.list(me.organisationId, query);
  }

  @ApiOperation({ summary: 'A cycle with its progress' })
  @Get(':id')
  @ApiOkResponse({ type: CycleView })
  @ApiNotFoundResponse({ description: 'No such cycle in your organisation' })
  get(
    @CurrentPerson() me: CurrentPersonInfo,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<CycleView> {
    return this.cycles.get(me.organisationId, id);
  }

  @ApiOperation({ summary: 'Change a cycle’s settings (what may change depends on its state)' })
  @Patch(':id')
  @ApiOkResponse({
    type: CycleView,
    description: 'A new closesAt of an open cycle reschedules its close and reminders',
  })
  @ApiConflictResponse({ description: 'CYCLE_LOCKED: that setting cannot change in this state' })
  update(
    @CurrentPerson() me: CurrentPersonInfo,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: UpdateCycleDto,
  ): Promise<CycleView> {
    return this.cycles.update(me.organisationId, id, dto);
  }

  @ApiOperation({ summary: 'Enrol leaders (each with an optional coach)' })
  @Post(':id/participants')
  @ApiCreatedResponse({
    type: EnrolledView,
    description: 'Enrolling a leader again returns the same request',
  })
  @ApiBadRequestResponse({
    description:
      'PARTICIPANT_ROLE_MISSING: a leader without the leader role, a coach without the coach role',
  })
  @ApiConflictResponse({ description: 'CYCLE_LOCKED: the cycle is closed' })
  async enrol(
    @CurrentPerson() me: CurrentPersonInfo,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: EnrolDto,
  ): Promise<EnrolledView> {
    return { requests: await this.participants.enrol(me.organisationId, id, dto) };
  }

  @ApiOperation({ summary: 'Open the cycle: every invitation is queued' })
  @Post(':id/open')
  @HttpCode(200)
  @ApiOkResponse({ type: CycleView, description: 'Every invitation and self-assessment is queued' })
  @ApiConflictResponse({ description: 'CYCLE_ILLEGAL_TRANSITION' })
  async open(
    @CurrentPerson() me: CurrentPersonInfo,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<CycleView> {
    await this.lifecycle.open(me.organisationId, id);
    return this.cycles.get(me.organisationId, id);
  }

  @ApiOperation({ summary: 'Close the cycle: responses stop and report snapshots are computed' })
  @Post(':id/close')
  @HttpCode(200)
  @ApiOkResponse({
    type: CycleView,
    description:
      'The cycle is closed and its report snapshots are queued as a job: reportsReady is usually still false in this answer and turns true once every snapshot is stored (poll GET /api/v1/cycles/{id})',
  })
  @ApiConflictResponse({ description: 'CYCLE_ILLEGAL_TRANSITION' })
  async close(
    @CurrentPerson() me: CurrentPersonInfo,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<CycleView> {
    await this.lifecycle.close(me.organisationId, id);
    return this.cycles.get(me.organisationId, id);
  }

  @ApiOperation({
    summary: 'Release the reports to their leaders (emails them)',
    description:
      'Only once every report snapshot is stored: after close, wait until GET /api/v1/cycles/{id} answers reportsReady: true. Sent earlier, it answers 409 REPORTS_NOT_READY and changes nothing; send it again later. A second release of a released cycle is 409 CYCLE_ILLEGAL_TRANSITION.',
  })
  @Post(':id/release')
  @HttpCode(200)
  @ApiOkResponse({
    type: CycleView,
    description: 'Leaders (and coaches) are emailed that their report is ready',
  })
  @ApiConflictResponse({
    description:
      'REPORTS_NOT_READY: the cycle is closed but its reports are still being computed (reportsReady is false): try again once it is true. CYCLE_ILLEGAL_TRANSITION: the cycle is not closed (a draft, open, or already released)',
  })
  async release(
    @CurrentPerson() me: CurrentPersonInfo,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<CycleView> {
    await this.lifecycle.release(me.organisationId, id);
    return this.cycles.get(me.organisationId, id);
  }
}
