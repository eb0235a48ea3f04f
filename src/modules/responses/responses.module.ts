import { MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { AnswerKeysModule } from './answer-keys.module';
import { QuestionnairePagesController } from './questionnaire-pages.controller';
import { RaterHeadersMiddleware } from './rater-headers.middleware';
import { RaterRateLimiter } from './rater-rate-limiter';
import { ResponsesController } from './responses.controller';
import { RaterLinksService } from './rater-links.service';
import { ResponsesService } from './responses.service';

/** The rater's questionnaire: JSON routes, the HTML page, drafts, submit and decline. */
@Module({
  imports: [AnswerKeysModule],
  controllers: [ResponsesController, QuestionnairePagesController],
  providers: [RaterLinksService, ResponsesService, RaterRateLimiter],
})
export class ResponsesModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(RaterHeadersMiddleware)
      .forRoutes(ResponsesController, QuestionnairePagesController);
  }
}
