import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { FormErrors, formBody, textField } from '../../pages/form-fields';
import { onCodes, submitForm } from '../../pages/form-submission';
import { PageRenderer } from '../../pages/page-renderer';
import { StaffPages } from '../../pages/staff-pages.decorator';
import { PageId } from '../../pages/page-id.pipe';
import { CurrentPerson, Roles } from '../../common/access/auth.decorators';
import type { CurrentPersonInfo } from '../../common/access/authenticated-request';
import { PeopleService } from '../organisations/people.service';
import { UnitsService } from '../organisations/units.service';
import {
  EMAIL,
  PersonForm,
  ROLE_LABELS,
  checkEmail,
  checkName,
  checkRoles,
  checkUnit,
  readPersonForm,
  roleItems,
} from './person-form';
import { unitOptions } from './select-options';

const PAGE_SIZE = 50;

/** An admin keeps the organisation's people: list, search, add, change (import has its own). */
@StaffPages()
@Roles('admin')
@Controller('admin/people')
export class PeoplePagesController {
  constructor(
    private readonly people: PeopleService,
    private readonly units: UnitsService,
    private readonly pages: PageRenderer,
  ) {}

  @Get()
  async list(
    @CurrentPerson() me: CurrentPersonInfo,
    @Req() req: Request,
    @Res() res: Response,
    @Query() query: Record<string, unknown>,
  ): Promise<void> {
    const search = textField(query, 'search', 200).trim();
    const units = await this.units.tree(me.organisationId);
    const unitParam = textField(query, 'unit');
    const unit = units.find((u) => u.id === unitParam) ?? null;
    const pageNumber = Math.max(
      1,
      Math.min(100_000, Number.parseInt(textField(query, 'page'), 10) || 1),
    );
    const found = await this.people.list(me.organisationId, {
      search: search || undefined,
      unitId: unit?.id,
      page: pageNumber,
      offset: (pageNumber - 1) * PAGE_SIZE,
      limit: PAGE_SIZE,
    });
    const unitNames = new Map(units.map((u) => [u.id, u.name]));
    const pages = Math.max(1, Math.ceil(found.total / PAGE_SIZE));
    const link = (n: number) => {
      const params = new URLSearchParams();
      if (search) params.set('search', search);
      if (unit) params.set('unit', unit.id);
      if (n > 1) params.set('page', String(n));
      const text = params.toString();
      return `/admin/people${text ? `?${text}` : ''}`;
    };
    await this.pages.render(req, res, 'admin/people/index.njk', {
      search,
      unitId: unit?.id ?? '',
      unitOptions: unitOptions(units, unit?.id ?? '', 'All units'),
      total: found.total,
      first: found.total === 0 ? 0 : (pageNumber - 1) * PAGE_SIZE + 1,
      last: (pageNumber - 1) * PAGE_SIZE + found.items.length,
      previous:
        pageNumber > 1
          ? { href: link(pageNumber - 1), text: `Page ${pageNumber - 1} of ${pages}` }
          : null,
      next:
        pageNumber < pages
          ? { href: link(pageNumber + 1), text: `Page ${pageNumber + 1} of ${pages}` }
          : null,
      rows: found.items.map((p) => [
        { text: p.name, href: `/admin/people/${p.id}` },
        { text: p.email },
        { text: (p.unitId && unitNames.get(p.unitId)) || '–' },
        { text: p.roles.map((r) => ROLE_LABELS[r]).join(', ') || '–' },
      ]),
    });
  }

  @Get('new')
  async addForm(
    @CurrentPerson() me: CurrentPersonInfo,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const form = { name: '', email: '', unitId: '', roles: [], managerEmail: '' };
    await this.renderForm(me, req, res, 'admin/people/new.njk', form, new FormErrors());
  }

  @Post('new')
  async add(
    @CurrentPerson() me: CurrentPersonInfo,
    @Req() req: Request,
    @Res() res: Response,
    @Body() raw: unknown,
  ): Promise<void> {
    const form = readPersonForm(formBody(raw), null);
    const errors = new FormErrors();
    const name = checkName(form.name, errors);
    const email = checkEmail(form.email, errors);
    const unitId = checkUnit(form.unitId, await this.units.tree(me.organisationId), errors);
    const roles = checkRoles(form.roles, errors);
    await submitForm(this.pages, res, errors, {
      act: async () => {
        const person = await this.people.create(me.organisationId, { name, email, unitId, roles });
        return { to: `/admin/people/${person.id}`, banner: { heading: `${person.name} added` } };
      },
      fieldOf: (error) =>
        error.code === 'EMAIL_TAKEN'
          ? {
              field: 'email',
              message: `Someone in your organisation already has the email address ${email}`,
            }
          : null,
      again: (shown) => this.renderForm(me, req, res, 'admin/people/new.njk', form, shown, 400),
    });
  }

  @Get(':id')
  async person(
    @CurrentPerson() me: CurrentPersonInfo,
    @Req() req: Request,
    @Res() res: Response,
    @Param('id', PageId) id: string,
  ): Promise<void> {
    const person = await this.people.get(me.organisationId, id);
    const manager = person.managerId
      ? await this.people.get(me.organisationId, person.managerId)
      : null;
    const form = {
      name: person.name,
      email: person.email,
      unitId: person.unitId ?? '',
      roles: person.roles,
      managerEmail: manager?.email ?? '',
    };
    await this.renderForm(me, req, res, 'admin/people/person.njk', form, new FormErrors(), 200, {
      id: person.id,
      email: person.email,
      savedName: person.name,
    });
  }

  @Post(':id')
  async save(
    @CurrentPerson() me: CurrentPersonInfo,
    @Req() req: Request,
    @Res() res: Response,
    @Param('id', PageId) id: string,
    @Body() raw: unknown,
  ): Promise<void> {
    const person = await this.people.get(me.organisationId, id);
    const form = readPersonForm(formBody(raw), person.email);
    const errors = new FormErrors();
    const name = checkName(form.name, errors);
    const unitId = checkUnit(form.unitId, await this.units.tree(me.organisationId), errors);
    const roles = checkRoles(form.roles, errors);
    const managerId = await this.checkManager(me.organisationId, form.managerEmail, errors);
    await submitForm(this.pages, res, errors, {
      act: async () => {
        await this.people.update(me, id, { name, unitId, roles, managerId });
        return { to: `/admin/people/${id}`, banner: { heading: 'Changes saved' } };
      },
      fieldOf: (error) =>
        error.code === 'VALIDATION_FAILED' && managerId
          ? { field: 'managerEmail' }
          : (onCodes('managerEmail', 'MANAGER_LOOP')(error) ?? onCodes('roles', 'CONFLICT')(error)),
      again: (shown) =>
        this.renderForm(me, req, res, 'admin/people/person.njk', form, shown, 400, {
          id: person.id,
          email: person.email,
          savedName: person.name,
        }),
    });
  }

  /** The line manager named by email: their id, null for none, or an error on the field. */
  private async checkManager(
    organisationId: string,
    typed: string,
    errors: FormErrors,
  ): Promise<string | null> {
    const email = typed.trim().toLowerCase();
    if (email === '') return null;
    if (!EMAIL.test(email)) {
      errors.add(
        'managerEmail',
        "Enter the line manager's email address in the right format, like name@example.nhs.uk",
      );
      return null;
    }
    const manager = await this.people.findByEmail(organisationId, email);
    if (!manager) {
      errors.add(
        'managerEmail',
        `Nobody in your organisation has the email address ${email}: add them first`,
      );
      return null;
    }
    return manager.id;
  }

  /** The add-a-person page or a person's page, with the form as typed and its errors. */
  private async renderForm(
    me: CurrentPersonInfo,
    req: Request,
    res: Response,
    view: string,
    form: PersonForm,
    errors: FormErrors,
    status = 200,
    person: { id: string; email: string; savedName: string } | null = null,
  ): Promise<void> {
    const units = await this.units.tree(me.organisationId);
    await this.pages.render(
      req,
      res,
      view,
      {
        ...person,
        form,
        unitOptions: unitOptions(units, form.unitId, 'No unit'),
        roleItems: roleItems(form.roles),
        ...errors.view(),
      },
      { status },
    );
  }
}
