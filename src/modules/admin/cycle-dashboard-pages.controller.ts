import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainError } from '../../common/domain-error';
import { formatLondonDateTime } from '../../common/london-time';
import { FormErrors, formBody, textField } from '../../pages/form-fields';
import { onCodes, submitForm } from '../../pages/form-submission';
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
import { CyclesService } from '../cycles/cycles.service';
import { ParticipantsService } from '../cycles/participants.service';
import type { CycleView } from '../cycles/dto/cycle.dto';
import { cycleSummaryRows, deliveryRows } from './cycle-dashboard-view';
import { RELATIONSHIP_LABELS, plural } from './cycle-labels';
import { personOptions, unitOptions } from './select-options';

const LEADERS_PAGE = 100;

interface EnrolForm {
  leaderId?: string;
  coachId?: string;
  unitId?: string;
}

/**
 * A cycle's dashboard: its settings, answers so far (overall, per unit, per relationship, per
 * leader), enrolling leaders, deliveries and retrying the failed ones. The actions that send
 * emails (open, remind, close, release) have their confirmation pages in CycleActionsController.
 */
@StaffPages()
@Roles('admin')
@Controller('admin/cycles')
export class CycleDashboardPagesController {
  constructor(
    private readonly cycles: CyclesService,
    private readonly participants: ParticipantsService,
    private readonly dashboard: CycleDashboardService,
    private readonly deliveries: DeliveriesService,
    private readonly reminders: RemindersService,
    private readonly frameworks: FrameworksService,
    private readonly people: PeopleService,
    private readonly units: UnitsService,
    private readonly pages: PageRenderer,
  ) {}

  @Get(':id')
  async show(
    @CurrentPerson() me: CurrentPersonInfo,
    @Req() req: Request,
    @Res() res: Response,
    @Param('id', PageId) id: string,
    @Query() query: Record<string, unknown>,
  ): Promise<void> {
    const cycle = await this.cycles.get(me.organisationId, id);
    await this.render(me, req, res, cycle, query, new FormErrors());
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
    const unit = (await this.units.tree(me.organisationId)).find((u) => u.id === unitId);
    if (!unit) errors.add('unitId', 'Select the unit whose leaders to enrol');
    await submitForm(this.pages, res, errors, {
      act: async () => {
        const { leaders, added } = await this.participants.enrolUnit(
          me.organisationId,
          id,
          unit!.id,
        );
        const already = leaders - added;
        return {
          to: `/admin/cycles/${id}`,
          banner:
            leaders === 0
              ? {
                  heading: `${unit!.name} has no leaders to enrol`,
                  text: 'Give people the leader role on their page, then enrol them.',
                }
              : {
                  heading: `${plural(added, 'leader', 'leaders')} of ${unit!.name} enrolled`,
                  text:
                    already > 0
                      ? `${already} ${already === 1 ? 'was' : 'were'} enrolled already.`
                      : undefined,
                },
        };
      },
      fieldOf: onCodes('unitId', 'CYCLE_LOCKED'),
      again: (shown) => this.render(me, req, res, cycle, {}, shown, 400),
    });
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
    const form = {
      leaderId: textField(body, 'leaderId', 100),
      coachId: textField(body, 'coachId', 100),
    };
    const errors = new FormErrors();
    const [leaders, coaches] = await Promise.all([
      this.people.withRole(me.organisationId, 'leader'),
      this.people.withRole(me.organisationId, 'coach'),
    ]);
    const leader = leaders.find((p) => p.id === form.leaderId);
    if (!leader) errors.add('leaderId', 'Select the leader to enrol');
    const coach = coaches.find((p) => p.id === form.coachId);
    if (form.coachId !== '' && !coach)
      errors.add('coachId', 'Select a coach from the list, or none');
    if (leader && coach && leader.id === coach.id)
      errors.add('coachId', `${leader.name} cannot be their own coach: choose someone else`);
    await submitForm(this.pages, res, errors, {
      act: async () => {
        await this.participants.enrol(me.organisationId, id, {
          leaders: [{ personId: leader!.id, coachId: coach?.id }],
        });
        return {
          to: `/admin/cycles/${id}`,
          banner: {
            heading: `${leader!.name} enrolled`,
            text: coach ? `${coach.name} is their coach.` : undefined,
          },
        };
      },
      fieldOf: onCodes('leaderId', 'CYCLE_LOCKED', 'PARTICIPANT_ROLE_MISSING'),
      again: (shown) => this.render(me, req, res, cycle, {}, shown, 400, form),
    });
  }

  @Post(':id/deliveries/retry')
  async retry(
    @CurrentPerson() me: CurrentPersonInfo,
    @Res() res: Response,
    @Param('id', PageId) id: string,
  ): Promise<void> {
    const back = `/admin/cycles/${id}`;
    let queued: number;
    try {
      queued = await this.deliveries.retryFailed(me.organisationId, id);
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== 'CYCLE_LOCKED') throw error;
      this.pages.redirectWithBanner(res, back, {
        heading: 'Nothing was sent',
        text: error.message,
      });
      return;
    }
    this.pages.redirectWithBanner(
      res,
      back,
      queued === 0
        ? { heading: 'No failed deliveries to retry', text: 'Nothing was sent.' }
        : {
            heading: `${plural(queued, 'email', 'emails')} sent again`,
            text: 'Their status shows below in a moment.',
          },
    );
  }

  private async render(
    me: CurrentPersonInfo,
    req: Request,
    res: Response,
    cycle: CycleView,
    query: Record<string, unknown>,
    errors: FormErrors,
    status = 200,
    enrolForm: EnrolForm = {},
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
        summaryRows: cycleSummaryRows(cycle, framework),
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
        leadersCaption: `${plural(leaders.total, 'leader', 'leaders')}${pages > 1 ? `, page ${pageNumber} of ${pages}` : ''}`,
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
        leaderOptions: personOptions(leaderChoices, enrolForm.leaderId, 'Select a leader'),
        coachOptions: personOptions(coachChoices, enrolForm.coachId, 'No coach'),
        deliveries,
        deliveryRows: deliveryRows(deliveries),
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
}
