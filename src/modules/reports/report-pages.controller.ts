import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { PageId } from '../../pages/page-id.pipe';
import { StaffPages } from '../../pages/staff-pages.decorator';
import type { AuthenticatedRequest } from '../../common/access/authenticated-request';
import { ReportPage } from './report-page.service';

/** `/requests/:id/report`: the report in the site's layout. */
@StaffPages()
@Controller('requests')
export class ReportPagesController {
  constructor(private readonly reportPage: ReportPage) {}

  @Get(':id/report')
  async report(
    @Req() req: AuthenticatedRequest,
    @Param('id', PageId) id: string,
    @Res() res: Response,
  ): Promise<void> {
    await this.reportPage.send(req, res, id);
  }
}
