import { Controller, Get, Header, Param, ParseUUIDPipe, Req, Res } from '@nestjs/common';
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
import type {
  AuthenticatedRequest,
  CurrentPersonInfo,
} from '../../common/access/authenticated-request';
import { errorPageFor, sendErrorPage } from '../../pages/page-error.filter';
import { PageRenderer } from '../../pages/page-renderer';
import { ReportDto } from './dto/report.dto';
import { reportCsv } from './report-csv';
import { ReportPage } from './report-page.service';
import { ReportsService } from './reports.service';

const ACCESS =
  'Admins and the request’s coach once the cycle is closed; the leader once it is released.';

/** One feedback request's report, from its snapshot: JSON, CSV and the page to read it on. */
@ApiTags('reports')
@ApiBearerAuth()
@ApiCookieAuth()
@ApiForbiddenResponse({
  description: 'Not the leader, their coach or an admin; or not released yet',
})
@ApiNotFoundResponse({ description: 'No such request in your organisation' })
@ApiConflictResponse({ description: 'The cycle is not closed, or its report is being prepared' })
@Controller('api/v1/feedback-requests')
export class ReportsController {
  constructor(
    private readonly reports: ReportsService,
    private readonly reportPage: ReportPage,
    private readonly pages: PageRenderer,
  ) {}

  @Get(':id/report')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'The report as JSON', description: ACCESS })
  @ApiOkResponse({ type: ReportDto })
  async json(
    @CurrentPerson() person: CurrentPersonInfo,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Res() res: Response,
  ): Promise<void> {
    // Sent as serialised once: the snapshot never changes (see ReportsService.readJson).
    res.type('application/json; charset=utf-8').send(await this.reports.readJson(person, id));
  }

  @Get(':id/report.csv')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'The published figures as CSV', description: ACCESS })
  @ApiProduces('text/csv')
  @ApiOkResponse({
    description: 'One row per dimension and item; keys in `dimension` and `item`',
    content: { 'text/csv': { schema: { type: 'string' } } },
  })
  async csv(
    @CurrentPerson() person: CurrentPersonInfo,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Res() res: Response,
  ): Promise<void> {
    const report = await this.reports.read(person, id, 'csv');
    const scale = await this.reports.scaleOf(report);
    res
      .type('text/csv; charset=utf-8')
      .attachment(`report-${id}.csv`)
      .send(reportCsv(report.document, scale));
  }

  @Get(':id/report.html')
  @ApiOperation({ summary: 'The report page (browsers: the session cookie)', description: ACCESS })
  @ApiProduces('text/html')
  @ApiOkResponse({
    description: 'A printable, accessible HTML page',
    content: { 'text/html': { schema: { type: 'string' } } },
  })
  async page(
    @Req() req: AuthenticatedRequest,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Res() res: Response,
  ): Promise<void> {
    try {
      await this.reportPage.send(req, res, id);
    } catch (error) {
      // A browser gets a page it can read; the status is the one the JSON route answers.
      const page = errorPageFor(error);
      if (!page) throw error;
      await sendErrorPage(this.pages, req, res, page);
    }
  }
}
