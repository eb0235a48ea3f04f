import { Injectable } from '@nestjs/common';
import type { Response } from 'express';
import { PageRenderer } from '../../pages/page-renderer';
import type { AuthenticatedRequest } from '../../common/access/authenticated-request';
import { reportViewContext } from './report-page';
import { ReportsService } from './reports.service';

/** The report inside the site's layout, for `/requests/:id/report` and `…/report.html`. */
@Injectable()
export class ReportPage {
  constructor(
    private readonly reports: ReportsService,
    private readonly pages: PageRenderer,
  ) {}

  /** Same access rules and audit as the JSON route; a refusal becomes a page (PageErrorFilter). */
  async send(req: AuthenticatedRequest, res: Response, requestId: string): Promise<void> {
    const person = req.person!;
    const report = await this.reports.read(person, requestId, 'html');
    const scale = await this.reports.scaleOf(report);
    await this.pages.render(
      req,
      res,
      'reports/report.njk',
      reportViewContext(report.document, scale, {
        takenAt: report.takenAt,
        readerIsLeader: report.document.leader.id === person.id,
        csvHref: `/api/v1/feedback-requests/${requestId}/report.csv`,
      }),
    );
  }
}
