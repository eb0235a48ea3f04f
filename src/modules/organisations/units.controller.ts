import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { PageQuery } from '../../common/pagination';
import { CurrentPerson, Roles } from '../../common/access/auth.decorators';
import type { CurrentPersonInfo } from '../../common/access/authenticated-request';
import { CreateUnitDto, UnitPage, UnitView } from './dto/unit.dto';
import { UnitsService } from './units.service';

@ApiTags('organisation set-up')
@ApiBearerAuth()
@Roles('admin')
@Controller('api/v1/units')
export class UnitsController {
  constructor(private readonly units: UnitsService) {}

  @ApiOperation({ summary: 'Add a unit, optionally under a parent' })
  @Post()
  @ApiCreatedResponse({
    type: UnitView,
    description: 'A parent of another organisation is 404; a name already used, 409',
  })
  @ApiNotFoundResponse({ description: 'No such parent unit in your organisation' })
  @ApiConflictResponse({ description: 'UNIT_NAME_TAKEN: a unit of that name exists' })
  create(
    @CurrentPerson() current: CurrentPersonInfo,
    @Body() dto: CreateUnitDto,
  ): Promise<UnitView> {
    return this.units.create(current.organisationId, dto);
  }

  @ApiOperation({ summary: 'The organisation’s units' })
  @Get()
  @ApiOkResponse({ type: UnitPage, description: 'Ordered by name' })
  list(@CurrentPerson() current: CurrentPersonInfo, @Query() page: PageQuery): Promise<UnitPage> {
    return this.units.list(current.organisationId, page);
  }
}
