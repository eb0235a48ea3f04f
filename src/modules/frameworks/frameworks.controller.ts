import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
  ApiOperation,
} from '@nestjs/swagger';
import { PageQuery } from '../../common/pagination';
import { CurrentPerson, Roles } from '../../common/access/auth.decorators';
import type { CurrentPersonInfo } from '../../common/access/authenticated-request';
import { CreateFrameworkDto, FrameworkPage, FrameworkView } from './dto/framework.dto';
import { FrameworksService } from './frameworks.service';

@ApiTags('frameworks')
@ApiBearerAuth()
@Controller('api/v1/frameworks')
export class FrameworksController {
  constructor(private readonly frameworks: FrameworksService) {}

  @ApiOperation({ summary: 'The frameworks this organisation can use, the seeded one included' })
  @Get()
  @ApiOkResponse({
    type: FrameworkPage,
    description: 'The shared frameworks (collective-leadership) and your own',
  })
  list(@CurrentPerson() me: CurrentPersonInfo, @Query() page: PageQuery): Promise<FrameworkPage> {
    return this.frameworks.list(me.organisationId, page);
  }

  @ApiOperation({ summary: 'One framework: behaviours, statements, scale and questions' })
  @Get(':id')
  @ApiOkResponse({ type: FrameworkView })
  @ApiNotFoundResponse({ description: 'No such framework in your organisation' })
  get(
    @CurrentPerson() me: CurrentPersonInfo,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<FrameworkView> {
    return this.frameworks.get(me.organisationId, id);
  }

  @ApiOperation({ summary: 'Add a framework (a new version when its key exists)' })
  @Post()
  @Roles('admin')
  @ApiCreatedResponse({
    type: FrameworkView,
    description: 'Created; the same key again makes its next version',
  })
  @ApiBadRequestResponse({
    description:
      'FRAMEWORK_INVALID: repeated keys, 2–12 dimensions, 1–15 items each, 3–10 scale points with a label each',
  })
  create(
    @CurrentPerson() me: CurrentPersonInfo,
    @Body() dto: CreateFrameworkDto,
  ): Promise<FrameworkView> {
    return this.frameworks.create(me.organisationId, dto);
  }
}
