import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { NominationsModule } from '../nominations/nominations.module';
import { ReportsModule } from '../reports/reports.module';
import { RequestPagesController } from './request-pages.controller';
import { RequestsHomeSection } from './requests-home-section';

/**
 * The leader's and coach's pages of a feedback request: on top of the features, which never
 * depend on it. Uses their services, so the rules are the JSON API's own.
 */
@Module({
  imports: [AuthModule, NominationsModule, ReportsModule],
  controllers: [RequestPagesController],
  providers: [RequestsHomeSection],
})
export class RequestPagesModule {}
