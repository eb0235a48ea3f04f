import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { MailModule } from '../mail/mail.module';
import { ReportLinkController } from './report-link.controller';
import { ReportPage } from './report-page.service';
import { ReportPagesController } from './report-pages.controller';
import { ReportReadyComposer } from './report-ready.composer';
import { ReportsController } from './reports.controller';
import { ReportsHomeSection } from './reports-home-section';
import { ReportsService } from './reports.service';

/** Reading reports (JSON, CSV, page), the home page's list, the "report ready" email. */
@Module({
  imports: [AuthModule, MailModule],
  controllers: [ReportsController, ReportLinkController, ReportPagesController],
  providers: [ReportsService, ReportsHomeSection, ReportReadyComposer, ReportPage],
  exports: [ReportsService],
})
export class ReportsModule {}
