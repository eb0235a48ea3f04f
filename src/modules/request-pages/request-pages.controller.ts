import { Body, Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { DomainError } from '../../common/domain-error';
import { formatLondonDateTime } from '../../common/london-time';
import { PageId } from '../../pages/page-id.pipe';
import { PageRenderer } from '../../pages/page-renderer';
import { StaffPages } from '../../pages/staff-pages.decorator';
import type {
  AuthenticatedRequest,
  CurrentPersonInfo,
} from '../../common/access/authenticated-request';
import { hasRole } from '../../common/access/authenticated-request';
import { FeedbackRequestsService } from '../nominations/feedback-requests.service';
import { NominationsService } from '../nominations/nominations.service';
import { RaterMailContext } from '../nominations/rater-mail-context';
import { RELATIONSHIP_LABELS } from '../reports/report-labels';
import { ReportsService } from '../reports/reports.service';
import { RELATIONSHIPS, type Relationship } from '../../common/relationship';
import { NOMINABLE_RELATIONSHIPS, type RaterDto } from '../nominations/dto/nomination.dto';
import {
  oneRaterValues,
  OneRaterErrors,
  parseOneRater,
  parseSeveralRaters,
  relationshipOf,
  SeveralErrors,
} from './rater-form';
import { STATE_TAGS } from './states';

/** The radios' wording of each group a leader may nominate. */
const RELATIONSHIP_CHOICES: Record<(typeof NOMINABLE_RELATIONSHIPS)[number], string> = {
  manager: 'Line manager',
  peer: 'Peer',
  direct_report: 'Direct report',
  other: 'Other colleague',
};

interface RatersFormState {
  one?: { values: Record<string, string>; errors: OneRaterErrors };
  several?: { values: Record<string, string>; errors: SeveralErrors };
  summary?: { text: string; href: string }[];
}

/**
 * A leader's feedback request in the browser: the request page with progress counts
 * (never who), choosing raters, the self-assessment. Every rule is the JSON API's own service.
 */
@StaffPages()
@Controller('requests')
export class RequestPagesController {
  constructor(
    private readonly pages: PageRenderer,
    private readonly requests: FeedbackRequestsService,
    private readonly nominations: NominationsService,
    private readonly links: RaterMailContext,
    private readonly reports: ReportsService,
  ) {}

  @Get(':id')
  async show(
    @Req() req: AuthenticatedRequest,
    @Param('id', PageId) id: string,
    @Res() res: Response,
  ): Promise<void> {
    const me = req.person!;
    const request = await this.requests.get(me, id);
    const facts = await this.requests.pageFacts(id);
    const isLeader = request.leaderId === me.id;
    const state = request.cycle.state;
    const readable = await this.reports.readableBy(me, id);
    const progress = RELATIONSHIPS.map((r: Relationship) => ({
      relationship: r,
      label: r === 'self' ? 'Self-assessment' : RELATIONSHIP_LABELS[r],
      ...request.progress[r],
    }));
    await this.pages.render(req, res, 'requests/request.njk', {
      requestId: id,
      leaderName: request.leader.name,
      coachName: request.coach?.name ?? null,
      cycleName: request.cycle.name,
      stateText: STATE_TAGS[state]?.text ?? state,
      stateClass: STATE_TAGS[state]?.classes ?? '',
      closes: formatLondonDateTime(new Date(request.cycle.closesAt)),
      isLeader,
      progress,
      selfAssessment: facts.selfStatus,
      canAnswerSelf: isLeader && state === 'open',
      canChooseRaters:
        (isLeader || hasRole(me, 'admin')) && (state === 'draft' || state === 'open'),
      ratersCount: facts.raters,
      reportReadable: readable,
      reportNote:
        state === 'draft' || state === 'open'
          ? 'The report is made when the cycle closes.'
          : state === 'closed' && isLeader
            ? 'Your report is ready once the organisers release it. You will get an email.'
            : 'The report is being prepared: try again in a minute.',
    });
  }

  @Post(':id/self-assessment')
  async selfAssessment(
    @Req() req: AuthenticatedRequest,
    @Param('id', PageId) id: string,
    @Res() res: Response,
  ): Promise<void> {
    const me = req.person!;
    const request = await this.requests.get(me, id);
    if (request.leaderId !== me.id)
      throw new DomainError('FORBIDDEN', 'Only the leader answers their own self-assessment');
    const token = await this.links.issueSelfAssessmentLink(id);
    if (!token)
      throw new DomainError(
        'CONFLICT',
        'The self-assessment cannot be answered now: the cycle is not open, or it was already sent or declined',
      );
    res.setHeader('Cache-Control', 'no-store');
    res.redirect(303, `/r/${token}`);
  }

  @Get(':id/raters')
  async raters(
    @Req() req: AuthenticatedRequest,
    @Param('id', PageId) id: string,
    @Res() res: Response,
  ): Promise<void> {
    await this.renderRaters(req, res, id, {});
  }

  @Post(':id/raters')
  async addOne(
    @Req() req: AuthenticatedRequest,
    @Param('id', PageId) id: string,
    @Body() body: unknown,
    @Res() res: Response,
  ): Promise<void> {
    const parsed = parseOneRater(body);
    const values = oneRaterValues(body);
    if (!parsed.ok) {
      await this.renderRaters(req, res, id, { one: { values, errors: parsed.errors } }, 400);
      return;
    }
    const added = await this.add(req.person!, id, [parsed.value]);
    if (!added.ok) {
      await this.renderRaters(
        req,
        res,
        id,
        { one: { values, errors: { email: added.message } } },
        added.status,
      );
      return;
    }
    const open = added.cycleState === 'open';
    this.pages.redirectWithBanner(res, `/requests/${id}/raters`, {
      heading: `${parsed.value.name} added`,
      text: open
        ? `An invitation is on its way to ${parsed.value.email}.`
        : 'They will be invited when the cycle opens.',
    });
  }

  @Post(':id/raters/several')
  async addSeveral(
    @Req() req: AuthenticatedRequest,
    @Param('id', PageId) id: string,
    @Body() body: unknown,
    @Res() res: Response,
  ): Promise<void> {
    const raw = (body as Record<string, unknown> | undefined)?.raters;
    const values = {
      raters: typeof raw === 'string' ? raw.slice(0, 100_000) : '',
      relationship: relationshipOf(body) ?? '',
    };
    const parsed = parseSeveralRaters(body);
    if (!parsed.ok) {
      await this.renderRaters(req, res, id, { several: { values, errors: parsed.errors } }, 400);
      return;
    }
    const added = await this.add(req.person!, id, parsed.value);
    if (!added.ok) {
      await this.renderRaters(
        req,
        res,
        id,
        { several: { values, errors: { raters: added.message, lines: [added.message] } } },
        added.status,
      );
      return;
    }
    const n = parsed.value.length;
    this.pages.redirectWithBanner(res, `/requests/${id}/raters`, {
      heading: `${n} ${n === 1 ? 'rater' : 'raters'} added`,
      text:
        added.cycleState === 'open'
          ? 'Their invitations are on their way.'
          : 'They will be invited when the cycle opens.',
    });
  }

  @Post(':id/raters/:nominationId/remove')
  async remove(
    @Req() req: AuthenticatedRequest,
    @Param('id', PageId) id: string,
    @Param('nominationId', PageId) nominationId: string,
    @Res() res: Response,
  ): Promise<void> {
    const me = req.person!;
    const before = await this.nominations.list(me, id);
    const removed = before.find((n) => n.id === nominationId);
    await this.nominations.remove(me, id, nominationId);
    this.pages.redirectWithBanner(res, `/requests/${id}/raters`, {
      heading: `${removed?.name ?? 'The rater'} removed`,
    });
  }

  /** The API's own nominate; the refusals a person can fix come back as a message. */
  private async add(
    me: CurrentPersonInfo,
    id: string,
    raters: RaterDto[],
  ): Promise<{ ok: true; cycleState: string } | { ok: false; message: string; status: number }> {
    try {
      await this.nominations.add(me, id, { raters });
      const request = await this.requests.get(me, id);
      return { ok: true, cycleState: request.cycle.state };
    } catch (error) {
      if (
        error instanceof DomainError &&
        (error.code === 'NOMINATION_DUPLICATE' || error.code === 'NOMINATION_IS_LEADER')
      ) {
        const message =
          error.code === 'NOMINATION_IS_LEADER'
            ? 'That is your own email address: you answer as yourself in the self-assessment, not as a rater'
            : error.message.replace(/\.$/, '');
        return { ok: false, message, status: error.status };
      }
      throw error;
    }
  }

  private async renderRaters(
    req: AuthenticatedRequest,
    res: Response,
    id: string,
    form: RatersFormState,
    status = 200,
  ): Promise<void> {
    const me = req.person!;
    const request = await this.requests.get(me, id);
    const isLeader = request.leaderId === me.id;
    if (!isLeader && !hasRole(me, 'admin'))
      throw new DomainError('FORBIDDEN', 'Only the leader and administrators choose raters');
    const state = request.cycle.state;
    const facts = await this.requests.pageFacts(id);
    const raters = await this.nominations.list(me, id);
    const k = facts.anonymityThreshold;
    const counts = new Map<string, number>();
    for (const r of raters) counts.set(r.relationship, (counts.get(r.relationship) ?? 0) + 1);
    const warnings = NOMINABLE_RELATIONSHIPS.flatMap((r) => {
      const n = counts.get(r) ?? 0;
      if (n === 0 || n >= k) return [];
      if (r === 'manager') {
        return facts.managerDisclosed
          ? []
          : [
              {
                heading: 'Line manager',
                text: `In this cycle the line manager’s answers are never shown on their own: they count in “all others” only.`,
              },
            ];
      }
      const label = RELATIONSHIP_LABELS[r];
      return [
        {
          heading: `${label}: ${n} of at least ${k}`,
          text: `With fewer than ${k} ${label.toLowerCase()} answering, their answers are not shown as a group, only in “all others”. Add ${k - n} more to give the group a chance to be shown.`,
        },
      ];
    });
    const one = form.one ?? { values: {}, errors: {} };
    const several = form.several ?? { values: {}, errors: { lines: [] } };
    const errorList = [
      ...(one.errors.name ? [{ text: one.errors.name, href: '#name' }] : []),
      ...(one.errors.email ? [{ text: one.errors.email, href: '#email' }] : []),
      ...(one.errors.relationship
        ? [{ text: one.errors.relationship, href: '#relationship' }]
        : []),
      ...(several.errors.lines.length
        ? several.errors.lines.map((text) => ({ text, href: '#raters' }))
        : several.errors.raters
          ? [{ text: several.errors.raters, href: '#raters' }]
          : []),
      ...(several.errors.relationship
        ? [{ text: several.errors.relationship, href: '#several-relationship' }]
        : []),
    ];
    const radioItems = (value: string | undefined) =>
      NOMINABLE_RELATIONSHIPS.map((r) => ({
        value: r,
        text: RELATIONSHIP_CHOICES[r],
        checked: value === r,
      }));
    await this.pages.render(
      req,
      res,
      'requests/raters.njk',
      {
        requestId: id,
        isLeader,
        leaderName: request.leader.name,
        cycleName: request.cycle.name,
        cycleState: state,
        k,
        warnings,
        raters: raters.map((r) => ({
          ...r,
          relationshipLabel: RELATIONSHIP_CHOICES[r.relationship],
        })),
        canAdd: state === 'draft' || state === 'open',
        canRemove: state === 'draft',
        relationshipsOne: radioItems(one.values.relationship),
        relationshipsSeveral: radioItems(several.values.relationship),
        one: { name: one.values.name ?? '', email: one.values.email ?? '', errors: one.errors },
        several: { raters: several.values.raters ?? '', errors: several.errors },
        errorList,
      },
      { status },
    );
  }
}
