import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { CoachGrantsController } from './coach-grants.controller';
import { CoachGrantsService } from './coach-grants.service';
import { CollectiveHomeSection } from './collective-home-section';
import { CollectiveProfilePageController } from './collective-profile-page.controller';
import { CollectiveProfilesController } from './collective-profiles.controller';
import { CollectiveProfilesService } from './collective-profiles.service';

/** Reading collective profiles (JSON, CSV, page) and the coach grants that open them. */
@Module({
  imports: [AuthModule],
  controllers: [
    CollectiveProfilesController,
    CoachGrantsController,
    CollectiveProfilePageController,
  ],
  providers: [CollectiveProfilesService, CoachGrantsService, CollectiveHomeSection],
  exports: [CoachGrantsService, CollectiveProfilesService],
})
export class CollectiveModule {}
