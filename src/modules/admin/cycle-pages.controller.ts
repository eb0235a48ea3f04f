import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainError } from '../../common/domain-error';
import { londonTime, parseDay } from '../../common/london-date';
import { formatLondonDateTime } from '../../common/london-time';
import { unitOptions } from './unit-options';
import { FormErrors, formBody, textField } from '../../pages/form-fields';
import { PageId } from '../../pages/page-id.pipe';
import { PageRenderer } from '../../pages/page-renderer';
import { StaffPages } from '../../pages/staff-pages.decorator';
import { CurrentPerson, Roles } from '../../common/access/auth.decorators';
import type { CurrentPersonInfo } from '../../common/access/authenticated-request';
import { FrameworksService } from '../frameworks/frameworks.service';
import { DeliveriesService } from '../nominations/deliveries.service';
import { RemindersService } from '../nominations/reminders.service';
import { PeopleService } from '../organisations/people.service';
import { UnitsService } from '../organisations/units.service';
import { CycleDashboardService } from '../cycles/cycle-dashboard.service';
import { CycleLifecycleService } from '../cycles/cycle-lifecycle.service';
import { CyclesService } from '../cycles/cycles.service';
import { ParticipantsService } from '../cycles/participants.service';
import type { CycleView } from '../cycles/dto/cycle.dto';

/** A cycle closes at 5pm London time on the day chosen. */
const CLOSING_HOUR = 17;
const LEADERS_PAGE = 100;

const STATE_NAMES: Record<string, string> = {
  draft: 'Draft',
  open: 'Open',
  closed: 'Closed',
  released: 'Released',
};

const RELATIONSHIP_LABELS: Record<string, string> = {
  self: 'Self-assessment',
  manager: 'Line manager',
  peer: 'Peers',
  direct_report: 'Direct reports',
  other: 'Other colleagues',
};

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

interface CycleForm {
  name: string;
  closingDate: string;
  frameworkId: string;
  threshold: string;
  managerDisclosed: boolean;
  reminderDays: string;
}

/** An admin runs cycles: list and create, the dashboard, enrolment, and each action confirmed. */
@StaffPages()
@Roles('admin')
@Controller('admin/cycles')
export class CyclePagesController {
  constructor(
    private readonly cycles: CyclesService,
    private readonly lifecycle: CycleLifecycleService,
    private readonly participants: ParticipantsService,
    private readonly dashboard: CycleDashboardService,
    private readonly deliveries: DeliveriesService,
    private readonly reminders: RemindersService,
    private readonly frameworks: FrameworksService,
    private readonly people: PeopleService,
    private readonly units: UnitsService,
    private readonly pages: PageRenderer,
  ) {}

  @Get()
  async list(
    @CurrentPerson() me: CurrentPersonInfo,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const defaults: CycleForm = {
      name: '',
      closingDate: '',
      frameworkId: '',
      threshold: '3',
      managerDisclosed: false,
      reminderDays: '7, 2',
    };
    await this.renderList(me, req, res, defaults, new FormErrors());
  }

  @Post()
  async create(
    @CurrentPerson() me: CurrentPersonInfo,
    @Req() req: Request,
    @Res() res: Response,
    @Body() raw: unknown,
  ): Promise<void> {
    const body = formBody(raw);
    const form: CycleForm = {
      name: textField(body, 'name', 400),
      closingDate: textField(body, 'closingDate', 40),
      frameworkId: textField(body, 'frameworkId', 100),
      threshold: textField(body, 'threshold', 20),
      managerDisclosed: textField(body, 'managerDisclosed') === 'yes',
      reminderDays: textField(body, 'reminderDays', 200),
    };
    const errors = new FormErrors();
    const name = form.name.replace(/\s+/g, ' ').trim();
    if (name === '') errors.add('name', 'Enter a name for the cycle');
    else if (name.length > 200) errors.add('name', 'Name must be 200 characters or fewer');

    let closesAt: Date | null = null;
    if (form.closingDate.trim() === '') errors.add('closingDate', 'Enter the closing date');
    else {
      const day = parseDay(form.closingDate);
      if (!day) errors.add('closingDate', 'Closing date must be a real date, like 17/04/2027');
      else {
        closesAt = londonTime(day, CLOSING_HOUR);
        if (closesAt.getTime() <= Date.now())
          errors.add(
            'closingDate',
            'Closing date must be in the future (the cycle closes at 5pm that day)',
          );
      }
    }

    const frameworks = await this.frameworkChoices(me.organisationId);
    const frameworkId = form.frameworkId || frameworks[0]?.id || '';
    if (!frameworks.some((f) => f.id === frameworkId))
      errors.add('frameworkId', 'Select a framework from the list');

    const threshold = form.threshold.trim();
    if (threshold === '') errors.add('threshold', 'Enter the anonymity threshold');
    else if (!/^\d+$/.test(threshold) || Number(threshold) < 3 || Number(threshold) > 50)
      errors.add(
        'threshold',
        'Anonymity threshold must be a whole number from 3 to 50: smaller groups could identify raters',
      );

    const days = parseReminderDays(form.reminderDays);
    if (days === null)
      errors.add(
        'reminderDays',
        'Reminder days must be whole numbers of days from 1 to 365, separated by commas, like 7, 2',
      );

    if (!errors.any && closesAt && days) {
      try {
        const cycle = await this.cycles.create(me.organisationId, {
          name,
          closesAt: closesAt.toISOString(),
          frameworkId,
          anonymityThreshold: Number(threshold),
          managerDisclosed: form.managerDisclosed,
          reminderDaysBeforeClose: days,
        });
        this.pages.redirectWithBanner(res, `/admin/cycles/${cycle.id}`, {
          heading: 'Cycle created',
          text: 'Enrol its leaders, then open it when they have chosen their raters.',
        });
        return;
      } catch (error) {
        if (!(error instanceof DomainError) || error.code !== 'CLOSES_AT_IN_PAST') throw error;
        errors.add(
          'closingDate',
          'Closing date must be in the future (the cycle closes at 5pm that day)',
        );
      }
    }
    await this.renderList(me, req, res, form, errors, 400);
  }

  @Get(':id')
  async show(
    @CurrentPerson() me: CurrentPersonInfo,
    @Req() req: Request,
    @Res() res: Response,
    @Param('id', PageId) id: string,
    @Query() query: Record<string, unknown>,
  ): Promise<void> {
    const cycle = await this.cycles.get(me.organisationId, id);
    await this.renderDashboard(me, req, res, cycle, query, new FormErrors());
  }

  @Post(':id/enrol-unit')
  async enrolUnit(
    @CurrentPerson() me: CurrentPersonInfo,
    @Req() req: Request,
    @Res() res: Response,
    @Param('id', PageId) id: string,
    @Body() raw: unknown,
  ): Promise<void> {
    const cycle = await this.cycles.get(me.organisationId, id);
    const unitId = textField(formBody(raw), 'unitId', 100);
    const errors = new FormErrors();
    const units = await this.units.tree(me.organisationId);
    const unit = units.find((u) => u.id === unitId);
    if (!unit) errors.add('unitId', 'Select the unit whose leaders to enrol');
    else {
      try {
        const { leaders, added } = await this.participants.enrolUnit(
          me.organisationId,
          id,
          unit.id,
        );
        this.pages.redirectWithBanner(res, `/admin/cycles/${id}`, {
          heading:
            leaders === 0
              ? `${unit.name} has no leaders to enrol`
              : `${added} ${added === 1 ? 'leader' : 'leaders'} of ${unit.name} enrolled`,
          text:
            leaders === 0
              ? 'Give people the leader role on their page, then enrol them.'
              : leaders > added
                ? `${leaders - added} ${leaders - added === 1 ? 'was' : 'were'} enrolled already.`
                : undefined,
        });
        return;
      } catch (error) {
        if (!(error instanceof DomainError) || error.code !== 'CYCLE_LOCKED') throw error;
        errors.add('unitId', error.message);
      }
    }
    await this.renderDashboard(me, req, res, cycle, {}, errors, 400);
  }

  @Post(':id/enrol')
  async enrolOne(
    @CurrentPerson() me: CurrentPersonInfo,
    @Req() req: Request,
    @Res() res: Response,
    @Param('id', PageId) id: string,
    @Body() raw: unknown,
  ): Promise<void> {
    const cycle = await this.cycles.get(me.organisationId, id);
    const body = formBody(raw);
    const leaderId = textField(body, 'leaderId', 100);
    const coachId = textField(body, 'coachId', 100);
    const errors = new FormErrors();
    const leaders = await this.people.withRole(me.organisationId, 'leader');
    const coaches = await this.people.withRole(me.organisationId, 'coach');
    const leader = leaders.find((p) => p.id === leaderId);
    if (!leader) errors.add('leaderId', 'Select the leader to enrol');
    const coach = coaches.find((p) => p.id === coachId);
    if (coachId !== '' && !coach) errors.add('coachId', 'Select a coach from the list, or none');
    if (leader && coach && leader.id === coach.id)
      errors.add('coachId', `${leader.name} cannot be their own coach: choose someone else`);
    if (!errors.any && leader) {
      try {
        await this.participants.enrol(me.organisationId, id, {
          leaders: [{ personId: leader.id, coachId: coach?.id }],
        });
        this.pages.redirectWithBanner(res, `/admin/cycles/${id}`, {
          heading: `${leader.name} enrolled`,
          text: coach ? `${coach.name} is their coach.` : undefined,
        });
        return;
      } catch (error) {
        if (
          !(error instanceof DomainError) ||
          !['CYCLE_LOCKED', 'PARTICIPANT_ROLE_MISSING'].includes(error.code)
        )
          throw error;
        errors.add('leaderId', error.message);
      }
    }
    await this.renderDashboard(me, req, res, cycle, {}, errors, 400, { leaderId, coachId });
  }

  @Post(':id/deliveries/retry')
  async retry(
    @CurrentPerson() me: CurrentPersonInfo,
    @Res() res: Response,
    @Param('id', PageId) id: string,
  ): Promise<void> {
    let queued: number;
    try {
      queued = await this.deliveries.retryFailed(me.organisationId, id);
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== 'CYCLE_LOCKED') throw error;
      this.pages.redirectWithBanner(res, `/admin/cycles/${id}`, {
        heading: 'Nothing was sent',
        text: error.message,
      });
      return;
    }
    this.pages.redirectWithBanner(
      res,
      `/admin/cycles/${id}`,
      queued === 0
        ? { heading: 'No failed deliveries to retry', text: 'Nothing was sent.' }
        : {
            heading: `${queued} ${queued === 1 ? 'email' : 'emails'} sent again`,
            text: 'Their status shows below in a moment.',
          },
    );
  }

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
    const back = `/admin/cycles/${id}`;
    try {
      switch (action) {
        case 'open': {
          const outcome = await this.lifecycle.open(me.organisationId, id, { repeatIsDone: true });
          this.pages.redirectWithBanner(
            res,
            back,
            outcome === 'done'
              ? {
                  heading: 'Cycle opened',
                  text: 'The invitations are being sent: their delivery shows below.',
                }
              : { heading: 'The cycle is already open', text: 'Nothing was sent again.' },
          );
          return;
        }
        case 'remind': {
          // The round the confirmation page showed; without one, the round there is now.
          const typed = Number.parseInt(textField(formBody(raw), 'round', 12), 10);
          const afterRound = Number.isInteger(typed)
            ? typed
            : await this.reminders.roundsSoFar(me.organisationId, id);
          const queued = await this.reminders.remindNow(me.organisationId, id, { afterRound });
          this.pages.redirectWithBanner(
            res,
            back,
            queued === null
              ? { heading: 'Reminders were already sent', text: 'Nothing was sent again.' }
              : {
                  heading: 'Reminders sent',
                  text: `${queued} ${queued === 1 ? 'rater' : 'raters'} will get a reminder.`,
                },
          );
          return;
        }
        case 'close': {
          const outcome = await this.lifecycle.close(me.organisationId, id, { repeatIsDone: true });
          this.pages.redirectWithBanner(
            res,
            back,
            outcome === 'done'
              ? { heading: 'Cycle closed', text: 'The reports are being prepared.' }
              : { heading: 'The cycle is already closed', text: 'Nothing changed.' },
          );
          return;
        }
        case 'release': {
          const outcome = await this.lifecycle.release(me.organisationId, id, {
            repeatIsDone: true,
          });
          this.pages.redirectWithBanner(
            res,
            back,
            outcome === 'done'
              ? {
                  heading: 'Reports released',
                  text: 'Leaders and their coaches are being emailed.',
                }
              : { heading: 'The reports are already released', text: 'Nothing was sent again.' },
          );
          return;
        }
      }
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
  private async frameworkChoices(
    organisationId: string,
  ): Promise<{ id: string; name: string; version: number }[]> {
    // Shared frameworks first (the seeded one), then the organisation's own; at most 200.
    return (await this.frameworks.list(organisationId, { offset: 0, limit: 200, page: 1 })).items;
  }

  private async renderList(
    me: CurrentPersonInfo,
    req: Request,
    res: Response,
    form: CycleForm,
    errors: FormErrors,
    status = 200,
  ): Promise<void> {
    const [cycles, frameworks] = await Promise.all([
      this.cycles.list(me.organisationId, { offset: 0, limit: 200, page: 1 }),
      this.frameworkChoices(me.organisationId),
    ]);
    const chosen = form.frameworkId || frameworks[0]?.id;
    await this.pages.render(
      req,
      res,
      'admin/cycles/index.njk',
      {
        form,
        cycleRows: cycles.items.map((c) => [
          { text: c.name, href: `/admin/cycles/${c.id}` },
          { text: STATE_NAMES[c.state]! },
          { text: formatLondonDateTime(new Date(c.closesAt)) },
          { text: `${c.progress.completed} of ${c.progress.invited}` },
        ]),
        frameworkOptions: frameworks.map((f) => ({
          value: f.id,
          text: `${f.name} (version ${f.version})`,
          selected: f.id === chosen,
        })),
        ...errors.view(),
      },
      { status },
    );
  }

  private async renderDashboard(
    me: CurrentPersonInfo,
    req: Request,
    res: Response,
    cycle: CycleView,
    query: Record<string, unknown>,
    errors: FormErrors,
    status = 200,
    enrolForm: { leaderId?: string; coachId?: string; unitId?: string } = {},
  ): Promise<void> {
    const org = me.organisationId;
    const pageNumber = Math.max(
      1,
      Math.min(10_000, Number.parseInt(textField(query, 'leaders'), 10) || 1),
    );
    const canEnrol = cycle.state === 'draft' || cycle.state === 'open';
    const closed = cycle.state === 'closed' || cycle.state === 'released';
    const [
      framework,
      byUnit,
      byRelationship,
      leaders,
      deliveries,
      units,
      leaderChoices,
      coachChoices,
      reminderRounds,
    ] = await Promise.all([
      this.frameworks.get(org, cycle.frameworkId),
      this.dashboard.byUnit(org, cycle.id),
      this.dashboard.byRelationship(org, cycle.id),
      this.dashboard.leaders(org, cycle.id, {
        offset: (pageNumber - 1) * LEADERS_PAGE,
        limit: LEADERS_PAGE,
      }),
      cycle.state === 'draft' ? null : this.deliveries.summary(org, cycle.id),
      canEnrol ? this.units.tree(org) : [],
      canEnrol ? this.people.withRole(org, 'leader') : [],
      canEnrol ? this.people.withRole(org, 'coach') : [],
      this.reminders.roundsSoFar(org, cycle.id),
    ]);
    const pages = Math.max(1, Math.ceil(leaders.total / LEADERS_PAGE));
    const leadersLink = (n: number) =>
      `/admin/cycles/${cycle.id}${n > 1 ? `?leaders=${n}` : ''}#leaders`;
    const reminderDays = cycle.reminderDaysBeforeClose;
    const summaryRows = [
      { key: { text: 'State' }, value: { text: STATE_NAMES[cycle.state]! } },
      { key: { text: 'Closes' }, value: { text: formatLondonDateTime(new Date(cycle.closesAt)) } },
      ...(cycle.openedAt
        ? [
            {
              key: { text: 'Opened' },
              value: { text: formatLondonDateTime(new Date(cycle.openedAt)) },
            },
          ]
        : []),
      ...(cycle.closedAt
        ? [
            {
              key: { text: 'Closed' },
              value: { text: formatLondonDateTime(new Date(cycle.closedAt)) },
            },
          ]
        : []),
      ...(cycle.releasedAt
        ? [
            {
              key: { text: 'Released' },
              value: { text: formatLondonDateTime(new Date(cycle.releasedAt)) },
            },
          ]
        : []),
      {
        key: { text: 'Anonymity threshold' },
        value: {
          text: `${cycle.anonymityThreshold}: a group's answers are shown only when at least ${cycle.anonymityThreshold} in it answered`,
        },
      },
      {
        key: { text: 'Framework' },
        value: { html: undefined, text: `${framework.name} (version ${framework.version})` },
        actions: {
          items: [
            {
              href: `/admin/frameworks/${framework.id}`,
              text: 'View',
              visuallyHiddenText: 'the framework',
            },
          ],
        },
      },
      {
        key: { text: "Line manager's answers" },
        value: {
          text: cycle.managerDisclosed
            ? "Shown as the line manager's"
            : 'Counted with other colleagues',
        },
      },
      {
        key: { text: 'Reminders' },
        value: {
          text:
            reminderDays.length === 0
              ? 'None'
              : `${reminderDays.join(' and ')} days before closing`,
        },
      },
    ];
    const deliveryRows = deliveries
      ? [
          { key: { text: 'Sent' }, value: { text: String(deliveries.counts.sent) } },
          {
            key: { text: 'Waiting to be sent' },
            value: { text: String(deliveries.counts.queued) },
          },
          { key: { text: 'Failed' }, value: { text: String(deliveries.counts.failed) } },
          ...(deliveries.counts.unsent > 0
            ? [{ key: { text: 'Not sent yet' }, value: { text: String(deliveries.counts.unsent) } }]
            : []),
        ]
      : [];
    await this.pages.render(
      req,
      res,
      'admin/cycles/cycle.njk',
      {
        cycle,
        closed,
        canEnrol,
        reminderRounds,
        closesAtText: formatLondonDateTime(new Date(cycle.closesAt)),
        releasedAtText: cycle.releasedAt ? formatLondonDateTime(new Date(cycle.releasedAt)) : '',
        summaryRows,
        unitRows: byUnit.map((u) => [
          { text: u.unitName ?? 'No unit' },
          { text: String(u.leaders), format: 'numeric' },
          { text: `${u.answered} of ${u.invited}` },
        ]),
        relationshipRows: byRelationship.map((r) => [
          { text: RELATIONSHIP_LABELS[r.relationship] ?? r.relationship },
          { text: `${r.answered} of ${r.invited}` },
          { text: String(r.declined), format: 'numeric' },
        ]),
        leadersCaption: `${leaders.total} ${leaders.total === 1 ? 'leader' : 'leaders'}${pages > 1 ? `, page ${pageNumber} of ${pages}` : ''}`,
        leaderHead: [
          { text: 'Leader' },
          { text: 'Unit' },
          { text: 'Coach' },
          { text: 'Answered' },
          ...(closed ? [{ text: 'Report' }] : []),
        ],
        leaderRows: leaders.items.map((l) => [
          { text: l.leaderName, href: `/requests/${l.requestId}` },
          { text: l.unitName ?? '–' },
          { text: l.coachName ?? '–' },
          { text: `${l.answered} of ${l.invited}` },
          ...(closed
            ? [
                {
                  text: 'Report',
                  href: `/requests/${l.requestId}/report`,
                  visuallyHiddenText: `of ${l.leaderName}`,
                },
              ]
            : []),
        ]),
        leadersPrevious:
          pageNumber > 1 ? { href: leadersLink(pageNumber - 1), text: 'Previous leaders' } : null,
        leadersNext:
          pageNumber < pages ? { href: leadersLink(pageNumber + 1), text: 'More leaders' } : null,
        unitOptions: unitOptions(units, enrolForm.unitId ?? '', 'Select a unit'),
        leaderOptions: [
          { value: '', text: 'Select a leader', selected: !enrolForm.leaderId },
          ...leaderChoices.map((p) => ({
            value: p.id,
            text: `${p.name} (${p.email})`,
            selected: p.id === enrolForm.leaderId,
          })),
        ],
        coachOptions: [
          { value: '', text: 'No coach', selected: !enrolForm.coachId },
          ...coachChoices.map((p) => ({
            value: p.id,
            text: `${p.name} (${p.email})`,
            selected: p.id === enrolForm.coachId,
          })),
        ],
        deliveries,
        deliveryRows,
        failedRows: (deliveries?.failed ?? []).map((f) => [
          { text: f.email },
          { text: f.leaderName },
          { text: f.lastError ?? 'No reply recorded' },
        ]),
        canRetry: cycle.state === 'open' && (deliveries?.retryable ?? 0) > 0,
        ...errors.view(),
      },
      { status },
    );
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
    const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
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

/** "7, 2" or "7 2" → [7, 2]; empty → []; null when anything is not a day from 1 to 365 or repeats. */
export function parseReminderDays(text: string): number[] | null {
  const parts = text.split(/[\s,;]+/).filter((p) => p !== '');
  const days = parts.map((p) => (/^\d{1,3}$/.test(p) ? Number(p) : NaN));
  if (days.some((d) => !Number.isInteger(d) || d < 1 || d > 365)) return null;
  if (new Set(days).size !== days.length) return null;
  return days.sort((a, b) => b - a);
}
