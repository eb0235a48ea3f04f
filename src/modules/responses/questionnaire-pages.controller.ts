import { Body, Controller, Get, Param, Post, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { DomainError } from '../../common/domain-error';
import { ChecksOwnText } from '../../common/input-shape';
import { isOutage, OUTAGE_RETRY_AFTER_SECONDS } from '../../common/outage';
import { Public } from '../../common/access/auth.decorators';
import { AnswerError, validateAnswers } from './answer-validation';
import { renderQuestionnairePage } from './questionnaire.page';
import { parseQuestionnaireForm } from './questionnaire-form';
import { RateLimitedError } from './rater-rate-limiter';
import {
  alreadyDonePage,
  declinedPage,
  linkNotValidPage,
  notOpenPage,
  thankYouPage,
  tooManyRequestsPage,
  tryAgainPage,
} from './rater-pages';
import { RaterContext, RaterLinksService } from './rater-links.service';
import { ResponsesService } from './responses.service';

/**
 * The questionnaire as a page for browsers (the API: `GET /r/:token`, `POST /r/:token`). No
 * JavaScript: one form with three buttons (`action=save|submit|decline`), checked on the
 * server; a bad submit comes back with the answers kept and an error summary.
 */
@ApiExcludeController()
@Public()
@Controller('r')
export class QuestionnairePagesController {
  constructor(
    private readonly links: RaterLinksService,
    private readonly responses: ResponsesService,
  ) {}

  @Get(':token')
  async show(@Param('token') token: string, @Res() res: Response): Promise<void> {
    let ctx: RaterContext | undefined;
    try {
      ctx = await this.links.resolve(token);
      if (ctx.status !== 'pending') {
        send(res, 200, alreadyDonePage(ctx.status, ctx.leaderName, ctx.relationship === 'self'));
        return;
      }
      const { draft, earlierLink } = await this.responses.loadDraft(ctx, token);
      send(
        res,
        200,
        this.page(ctx, draft ?? { answers: {}, comments: {} }, [], false, earlierLink),
      );
    } catch (error) {
      sendError(res, error, ctx);
    }
  }

  @Post(':token')
  @ChecksOwnText() // a bad character comes back beside its comment, the answers kept
  async post(
    @Param('token') token: string,
    @Body() body: Record<string, unknown>,
    @Res() res: Response,
  ): Promise<void> {
    let ctx: RaterContext | undefined;
    try {
      ctx = await this.links.resolve(token);
      this.links.assertPending(ctx);
      const isSelf = ctx.relationship === 'self';
      const { action, input } = parseQuestionnaireForm(body);
      const values = { answers: asRecord(input.answers), comments: asRecord(input.comments) };

      switch (action) {
        case 'decline':
          await this.responses.decline(ctx);
          send(res, 200, declinedPage(ctx.leaderName, isSelf));
          return;
        case 'save': {
          const result = validateAnswers(ctx.framework, input, 'draft');
          if (!result.ok) {
            send(res, 400, this.page(ctx, values, result.errors));
            return;
          }
          await this.responses.saveDraft(ctx, token, result.value);
          send(res, 200, this.page(ctx, values, [], true));
          return;
        }
        case 'submit': {
          const result = validateAnswers(ctx.framework, input, 'submit');
          if (!result.ok) {
            send(res, 400, this.page(ctx, values, result.errors));
            return;
          }
          await this.responses.submit(ctx, result.value);
          send(res, 201, thankYouPage(ctx.leaderName, isSelf));
          return;
        }
        case null:
          // Not a button of the page (a hand-made request): show the form again, changing nothing.
          send(res, 400, this.page(ctx, values));
          return;
      }
    } catch (error) {
      if (!isOutage(error)) sendError(res, error, ctx);
      else this.sendOutageForm(res, token, body, ctx);
    }
  }

  /**
   * The database (or Redis) could not be reached: the rater gets their form back with every
   * choice and comment as they sent them, and a notice to try again in a minute (503). If this
   * process has not seen the link lately (it cannot read the questionnaire now), a page that
   * holds the answers in the form of a "Try again" button.
   */
  private sendOutageForm(
    res: Response,
    token: string,
    body: unknown,
    ctx: RaterContext | undefined,
  ): void {
    res.setHeader('Retry-After', String(OUTAGE_RETRY_AFTER_SECONDS));
    const { input } = parseQuestionnaireForm(body);
    const values = { answers: asRecord(input.answers), comments: asRecord(input.comments) };
    const known = ctx ?? this.links.lastKnown(token);
    if (known) {
      send(res, 503, renderQuestionnairePage({ ...this.props(known, values), outage: true }));
      return;
    }
    send(res, 503, tryAgainPage(body));
  }

  private props(
    ctx: RaterContext,
    values: { answers: Record<string, unknown>; comments: Record<string, unknown> },
  ) {
    return {
      leaderName: ctx.leaderName,
      relationship: ctx.relationship,
      cycle: ctx.cycle,
      framework: ctx.framework,
      values,
    };
  }

  private page(
    ctx: RaterContext,
    values: { answers: Record<string, unknown>; comments: Record<string, unknown> },
    errors: AnswerError[] = [],
    draftSaved = false,
    draftFromEarlierLink = false,
  ): string {
    return renderQuestionnairePage({
      leaderName: ctx.leaderName,
      relationship: ctx.relationship,
      cycle: ctx.cycle,
      framework: ctx.framework,
      values,
      errors,
      draftSaved,
      draftFromEarlierLink,
    });
  }
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

function send(res: Response, status: number, page: string): void {
  res.status(status).type('html').send(page);
}

/** Expected failures become pages with the API's status codes; anything else is a 500. */
function sendError(res: Response, error: unknown, ctx: RaterContext | undefined): void {
  if (!(error instanceof DomainError)) throw error;
  const { code } = error;
  if (code === 'NOT_FOUND') {
    send(res, 404, linkNotValidPage());
  } else if (code === 'QUESTIONNAIRE_NOT_OPEN') {
    send(res, 410, notOpenPage(error.message));
  } else if (code === 'RATE_LIMITED') {
    if (error instanceof RateLimitedError)
      res.setHeader('Retry-After', String(error.retryAfterSeconds));
    send(res, 429, tooManyRequestsPage());
  } else if (code === 'ALREADY_ANSWERED' || code === 'ALREADY_DECLINED') {
    const status = code === 'ALREADY_ANSWERED' ? 'completed' : 'declined';
    send(
      res,
      409,
      alreadyDonePage(status, ctx?.leaderName ?? 'this person', ctx?.relationship === 'self'),
    );
  } else {
    throw error;
  }
}
