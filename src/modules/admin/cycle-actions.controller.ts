import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainError } from '../../common/domain-error';
import { formatLondonDateTime } from '../../common/london-time';
import type { Banner } from '../../pages/flash';
import { FormBody, formBody, textField } from '../../pages/form-fields';
import { PageId } from '../../pages/page-id.pipe';
import { PageRenderer } from '../../pages/page-renderer';
import { StaffPages } from '../../pages/staff-pages.decorator';
import { CurrentPerson, Roles } from '../../common/access/auth.decorators';
import type { CurrentPersonInfo } from '../../common/access/authenticated-request';
import { RemindersService } from '../nominations/reminders.service';
import { CycleLifecycleService } from '../cycles/cycle-lifecycle.service';
import { CyclesService } from '../cycles/cycles.service';
import type { CycleView } from '../cycles/dto/cycle.dto';
import { plural } from './cycle-labels';

type Action = 'open' | 'remind' | 'close' | 'release';
const ACTIONS: Record<Action, { button: string; heading: (name: string) => string }> = {
  open: { button: 'Open cycle', heading: (n) => `Open ${n}` },
  remind: { button: 'Send reminders', heading: (n) => `Send reminders for ${n}` },
  close: { button: 'Close cycle', heading: (n) => `Close ${n}` },
  release: { button: 'Release reports', heading: (n) => `Release the reports of ${n}` },
};

/** Each action's confirmation page (GET) and the action itself (POST). */
const ACTION_PATHS = (Object.keys(ACTIONS) as Action[]).map((a) => `:id/${a}`);

function actionOf(req: Request): Action {
  const last = req.path.split('/').pop() ?? '';
  if (!(last in ACTIONS)) throw DomainError.notFound('Page');
  return last as Action;
}

/**
 * The actions of a cycle that send emails or cannot be undone (open, send reminders, close,
 * release), each behind a page that says what will happen and how many emails go. The services
 * treat a repeat as done, so a double click or Back and resubmit answers with the page as it is.
 */
@StaffPages()
@Roles('admin')
@Controller('admin/cycles')
export class CycleActionsController {
  constructor(
    private readonly cycles: CyclesService,
    private readonly lifecycle: CycleLifecycleService,
    private readonly reminders: RemindersService,
    private readonly pages: PageRenderer,
  ) {}

  @Get(ACTION_PATHS)
  async confirm(
    @CurrentPerson() me: CurrentPersonInfo,
    @Req() req: Request,
    @Res() res: Response,
    @Param('id', PageId) id: string,
    @Query() query: Record<string, unknown>,
  ): Promise<void> {
    const cycle = await this.cycles.get(me.organisationId, id);
    const round = Number.parseInt(textField(query, 'round', 12), 10);
    await this.renderConfirm(me, req, res, cycle, actionOf(req), null, 200, round);
  }

  @Post(ACTION_PATHS)
  async act(
    @CurrentPerson() me: CurrentPersonInfo,
    @Req() req: Request,
    @Res() res: Response,
    @Param('id', PageId) id: string,
    @Body() raw: unknown,
  ): Promise<void> {
    const action = actionOf(req);
    await this.cycles.get(me.organisationId, id);
    try {
      const banner = await this.perform(me.organisationId, id, action, formBody(raw));
      this.pages.redirectWithBanner(res, `/admin/cycles/${id}`, banner);
    } catch (error) {
      if (
        !(error instanceof DomainError) ||
        (error.status !== 409 && error.code !== 'CLOSES_AT_IN_PAST')
      )
        throw error;
      await this.renderConfirm(
        me,
        req,
        res,
        await this.cycles.get(me.organisationId, id),
        action,
        error.message,
        409,
      );
    }
  }

  /** Does the action once; a repeat (the service's "already") says that nothing happened again. */
  private async perform(org: string, id: string, action: Action, body: FormBody): Promise<Banner> {
    const once = { repeatIsDone: true } as const;
    const again = (heading: string, text = 'Nothing was sent again.') => ({ heading, text });
    switch (action) {
      case 'open':
        return (await this.lifecycle.open(org, id, once)) === 'done'
          ? {
              heading: 'Cycle opened',
              text: 'The invitations are being sent: their delivery shows below.',
            }
          : again('The cycle is already open');
      case 'remind': {
        // The round the confirmation page showed; without one, the round there is now.
        const typed = Number.parseInt(textField(body, 'round', 12), 10);
        const afterRound = Number.isInteger(typed)
          ? typed
          : await this.reminders.roundsSoFar(org, id);
        const queued = await this.reminders.remindNow(org, id, { afterRound });
        return queued === null
          ? again('Reminders were already sent')
          : {
              heading: 'Reminders sent',
              text: `${plural(queued, 'rater', 'raters')} will get a reminder.`,
            };
      }
      case 'close':
        return (await this.lifecycle.close(org, id, once)) === 'done'
          ? { heading: 'Cycle closed', text: 'The reports are being prepared.' }
          : again('The cycle is already closed', 'Nothing changed.');
      case 'release':
        return (await this.lifecycle.release(org, id, once)) === 'done'
          ? { heading: 'Reports released', text: 'Leaders and their coaches are being emailed.' }
          : again('The reports are already released');
    }
  }

  private async renderConfirm(
    me: CurrentPersonInfo,
    req: Request,
    res: Response,
    cycle: CycleView,
    action: Action,
    problem: string | null,
    status = 200,
    seenRound = Number.NaN,
  ): Promise<void> {
    const org = me.organisationId;
    const closes = formatLondonDateTime(new Date(cycle.closesAt));
    const context: Record<string, unknown> = {
      cycle,
      action,
      heading: ACTIONS[action].heading(cycle.name),
      buttonText: ACTIONS[action].button,
      problem,
      canConfirm: true,
      explanation: [] as string[],
      warning: null,
    };
    switch (action) {
      case 'open': {
        const emails = await this.lifecycle.emailsFor(org, cycle.id, 'open');
        context.emailsText = `Opening the cycle sends ${plural(emails, 'email', 'emails')}: an invitation to each rater nominated so far, and each leader's link to their self-assessment.`;
        context.explanation = [
          `Raters can answer until ${closes}, when the cycle closes by itself.`,
          'Leaders can still add raters while it is open: each gets their invitation at once.',
          'Once it is open, the framework, the anonymity threshold and how the line manager is shown can no longer change.',
        ];
        if (cycle.progress.requests === 0)
          context.warning =
            'No leaders are enrolled yet. You can enrol them after opening, but nobody is asked for feedback until you do.';
        context.canConfirm = cycle.state === 'draft';
        break;
      }
      case 'remind': {
        const emails = await this.reminders.countDue(org, cycle.id);
        // The round the dashboard showed (in the address, so that Back and Send again finds a
        // newer round and sends nothing); a round never seen is the round there is now.
        const now = await this.reminders.roundsSoFar(org, cycle.id);
        context.round =
          Number.isInteger(seenRound) && seenRound >= 0 && seenRound <= now ? seenRound : now;
        context.emailsText = `Sending reminders sends ${plural(emails, 'email', 'emails')}: one to each rater, and each leader, who has neither answered nor declined.`;
        context.explanation = [
          'Each reminder carries a new link that replaces the earlier one; answers saved as a draft are kept.',
          `Reminders also go by themselves ${cycle.reminderDaysBeforeClose.length ? `${cycle.reminderDaysBeforeClose.join(' and ')} days before the cycle closes` : 'never: this cycle has none planned'}.`,
        ];
        context.canConfirm = cycle.state === 'open' && emails > 0;
        if (emails === 0 && cycle.state === 'open')
          context.warning =
            'Everyone has answered or declined, or their invitation has not been delivered: there is nobody to remind.';
        break;
      }
      case 'close': {
        context.emailsText = 'Closing the cycle sends no emails.';
        context.explanation = [
          `It would close by itself at ${closes}. Closing now ends answering at once: raters who have not answered can no longer do so.`,
          "Each leader's report is then prepared from the answers given. Leaders and coaches cannot read them until you release them.",
        ];
        context.canConfirm = cycle.state === 'open';
        break;
      }
      case 'release': {
        const emails = await this.lifecycle.emailsFor(org, cycle.id, 'release');
        context.emailsText = `Releasing the reports sends ${plural(emails, 'email', 'emails')}: one to each leader, and one to each coach, saying the report is ready to read.`;
        context.explanation = [
          'Leaders and their coaches can then read the reports. Releasing cannot be undone.',
        ];
        if (cycle.state === 'closed' && !cycle.reportsReady) {
          context.warning =
            'The reports are being prepared: reload this page in a minute to release them.';
          context.canConfirm = false;
        } else context.canConfirm = cycle.state === 'closed';
        break;
      }
    }
    if (!context.canConfirm && !problem && !context.warning) {
      context.warning = `The cycle is ${cycle.state}: this cannot be done now.`;
    }
    await this.pages.render(req, res, 'admin/cycles/confirm.njk', context, { status });
  }
}
