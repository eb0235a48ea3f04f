import { Body, Controller, Get, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { formatLondonDateTime } from '../../common/london-time';
import { FormErrors, formBody } from '../../pages/form-fields';
import { submitForm } from '../../pages/form-submission';
import { PageRenderer } from '../../pages/page-renderer';
import { StaffPages } from '../../pages/staff-pages.decorator';
import { CurrentPerson, Roles } from '../../common/access/auth.decorators';
import type { CurrentPersonInfo } from '../../common/access/authenticated-request';
import { FrameworksService } from '../frameworks/frameworks.service';
import { CyclesService } from '../cycles/cycles.service';
import {
  CLOSING_DATE_PASSED,
  CycleForm,
  NEW_CYCLE_FORM,
  checkCycleForm,
  readCycleForm,
} from './cycle-form';
import { STATE_NAMES } from './cycle-labels';

/** An admin's cycles: every cycle with its state and dates, and "Create a cycle". */
@StaffPages()
@Roles('admin')
@Controller('admin/cycles')
export class CyclesPagesController {
  constructor(
    private readonly cycles: CyclesService,
    private readonly frameworks: FrameworksService,
    private readonly pages: PageRenderer,
  ) {}

  @Get()
  async list(
    @CurrentPerson() me: CurrentPersonInfo,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    await this.render(me, req, res, NEW_CYCLE_FORM, new FormErrors());
  }

  @Post()
  async create(
    @CurrentPerson() me: CurrentPersonInfo,
    @Req() req: Request,
    @Res() res: Response,
    @Body() raw: unknown,
  ): Promise<void> {
    const form = readCycleForm(formBody(raw));
    const errors = new FormErrors();
    const frameworks = await this.frameworkChoices(me.organisationId);
    const dto = checkCycleForm(
      form,
      frameworks.map((f) => f.id),
      errors,
    );
    await submitForm(this.pages, res, errors, {
      act: async () => {
        const cycle = await this.cycles.create(me.organisationId, dto!);
        return {
          to: `/admin/cycles/${cycle.id}`,
          banner: {
            heading: 'Cycle created',
            text: 'Enrol its leaders, then open it when they have chosen their raters.',
          },
        };
      },
      fieldOf: (error) =>
        error.code === 'CLOSES_AT_IN_PAST'
          ? { field: 'closingDate', message: CLOSING_DATE_PASSED }
          : null,
      again: (shown) => this.render(me, req, res, form, shown, 400),
    });
  }

  private async frameworkChoices(
    organisationId: string,
  ): Promise<{ id: string; name: string; version: number }[]> {
    // Shared frameworks first (the seeded one), then the organisation's own; at most 200.
    return (await this.frameworks.list(organisationId, { offset: 0, limit: 200, page: 1 })).items;
  }

  private async render(
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
}
