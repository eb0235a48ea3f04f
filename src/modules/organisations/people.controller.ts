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
  Res,
} from '@nestjs/common';
import type { Response } from 'express';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConflictResponse,
  ApiConsumes,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { DomainError } from '../../common/domain-error';
import { CurrentPerson, Roles } from '../../common/access/auth.decorators';
import type { CurrentPersonInfo } from '../../common/access/authenticated-request';
import { PersonView } from './person.view';
import {
  CreatePersonDto,
  ImportResultView,
  ListPeopleQuery,
  PersonPage,
  UpdatePersonDto,
} from './dto/person.dto';
import { IMPORT_COLUMNS, MAX_IMPORT_ROWS } from './people-csv';
import { PeopleImportService } from './people-import.service';
import { PeopleService } from './people.service';

const uuid = new ParseUUIDPipe({
  exceptionFactory: () =>
    new DomainError('VALIDATION_FAILED', 'The id in the address must be a UUID'),
});

@ApiTags('organisation set-up')
@ApiBearerAuth()
@Roles('admin')
@Controller('api/v1/people')
export class PeopleController {
  constructor(
    private readonly people: PeopleService,
    private readonly importer: PeopleImportService,
  ) {}

  @ApiOperation({ summary: 'Add a person' })
  @Post()
  @ApiCreatedResponse({
    type: PersonView,
    description: 'An email already used in the organisation is 409 (EMAIL_TAKEN)',
  })
  @ApiNotFoundResponse({ description: 'No such unit or manager in your organisation' })
  @ApiConflictResponse({ description: 'EMAIL_TAKEN: someone in the organisation has that email' })
  create(
    @CurrentPerson() current: CurrentPersonInfo,
    @Body() dto: CreatePersonDto,
  ): Promise<PersonView> {
    return this.people.create(current.organisationId, dto);
  }

  @ApiOperation({ summary: 'People, searched and filtered by unit, a page at a time' })
  @Get()
  @ApiOkResponse({
    type: PersonPage,
    description: 'Ordered by name; `search` matches a name or an email',
  })
  list(
    @CurrentPerson() current: CurrentPersonInfo,
    @Query() query: ListPeopleQuery,
  ): Promise<PersonPage> {
    return this.people.list(current.organisationId, query);
  }

  @ApiOperation({ summary: 'Import people from CSV: all or nothing, errors by line' })
  @Post('import')
  @HttpCode(200)
  @ApiConsumes('text/csv')
  @ApiBody({
    description: `Header ${IMPORT_COLUMNS.join(',')} (any order; email and name required), roles separated by ";", units by name (created when missing), at most ${MAX_IMPORT_ROWS} rows. A column left out of the header leaves that field of existing people as it is; an empty cell clears it.`,
    schema: {
      type: 'string',
      example:
        'email,name,unit,roles,manager_email\npriya@example.nhs.uk,Priya Shah,Wards,leader;coach,\n',
    },
  })
  @ApiOkResponse({
    type: ImportResultView,
    description: 'Every row imported: `errors` is empty',
  })
  @ApiUnprocessableEntityResponse({
    type: ImportResultView,
    description:
      'The file has errors: nothing changed, and `errors` lists every one with its line (the same body as 200, with `created`, `updated` and `unitsCreated` at 0)',
  })
  async import(
    @CurrentPerson() current: CurrentPersonInfo,
    @Body() body: unknown,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ImportResultView> {
    if (typeof body !== 'string' && !Buffer.isBuffer(body)) {
      throw new DomainError(
        'UNSUPPORTED_MEDIA_TYPE',
        'Send the file as the request body with Content-Type: text/csv',
      );
    }
    const result = await this.importer.import(current, body);
    // A file with errors changed nothing: a client that checks only the status must see that.
    if (result.errors.length > 0) res.status(422);
    return result;
  }

  @ApiOperation({ summary: 'One person' })
  @Get(':id')
  @ApiOkResponse({ type: PersonView })
  get(
    @CurrentPerson() current: CurrentPersonInfo,
    @Param('id', uuid) id: string,
  ): Promise<PersonView> {
    return this.people.get(current.organisationId, id);
  }

  @ApiOperation({ summary: 'Change a person’s name, unit, roles or line manager' })
  @Patch(':id')
  @ApiOkResponse({ type: PersonView, description: 'A manager loop is 409 (MANAGER_LOOP)' })
  update(
    @CurrentPerson() current: CurrentPersonInfo,
    @Param('id', uuid) id: string,
    @Body() dto: UpdatePersonDto,
  ): Promise<PersonView> {
    return this.people.update(current, id, dto);
  }
}
