import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainError } from '../../common/domain-error';
import { FormErrors, formBody, listField, textField } from '../../pages/form-fields';
import { PageRenderer } from '../../pages/page-renderer';
import { StaffPages } from '../../pages/staff-pages.decorator';
import { PageId } from '../../pages/page-id.pipe';
import { CurrentPerson, Roles } from '../../common/access/auth.decorators';
import type { CurrentPersonInfo } from '../../common/access/authenticated-request';
import { IMPORT_COLUMNS, MAX_IMPORT_ROWS } from '../organisations/people-csv';
import { PeopleImportService } from '../organisations/people-import.service';
import { PeopleService } from '../organisations/people.service';
import { Role, ROLES } from '../../common/access/role';
import { uploadedCsvOf } from './csv-upload.middleware';
import { unitOptions } from './unit-options';
import { UnitsService } from '../organisations/units.service';

const PAGE_SIZE = 50;
/** More import errors than this are counted, not listed (a whole file gone wrong). */
const MOST_IMPORT_ERRORS_SHOWN = 500;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const ROLE_LABELS: Record<Role, string> = { admin: 'Admin', coach: 'Coach', leader: 'Leader' };

interface PersonForm {
  name: string;
  email: string;
  unitId: string;
  roles: string[];
  managerEmail: string;
}

/** An admin keeps the organisation's people: list, search, add, change, import from a CSV file. */
@StaffPages()
@Roles('admin')
@Controller('admin/people')
export class PeoplePagesController {
  constructor(
    private readonly people: PeopleService,
    private readonly importer: PeopleImportService,
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
    await this.renderAdd(
      me,
      req,
      res,
      { name: '', email: '', unitId: '', roles: [], managerEmail: '' },
      new FormErrors(),
    );
  }

  @Post('new')
  async add(
    @CurrentPerson() me: CurrentPersonInfo,
    @Req() req: Request,
    @Res() res: Response,
    @Body() raw: unknown,
  ): Promise<void> {
    const body = formBody(raw);
    const form: PersonForm = {
      name: textField(body, 'name', 400),
      email: textField(body, 'email', 400),
      unitId: textField(body, 'unitId', 100),
      roles: listField(body, 'roles'),
      managerEmail: '',
    };
    const errors = new FormErrors();
    const name = checkName(form.name, errors);
    const email = form.email.trim().toLowerCase();
    if (email === '') errors.add('email', 'Enter an email address');
    else if (!EMAIL.test(email) || email.length > 320)
      errors.add('email', 'Enter an email address in the right format, like name@example.nhs.uk');
    const units = await this.units.tree(me.organisationId);
    const unitId = checkUnit(form.unitId, units, errors, 'unitId');
    const roles = checkRoles(form.roles, errors);
    if (!errors.any) {
      try {
        const person = await this.people.create(me.organisationId, { name, email, unitId, roles });
        this.pages.redirectWithBanner(res, `/admin/people/${person.id}`, {
          heading: `${person.name} added`,
        });
        return;
      } catch (error) {
        if (!(error instanceof DomainError) || error.code !== 'EMAIL_TAKEN') throw error;
        errors.add('email', `Someone in your organisation already has the email address ${email}`);
      }
    }
    await this.renderAdd(me, req, res, form, errors, 400);
  }

  @Get('import')
  async importForm(@Req() req: Request, @Res() res: Response): Promise<void> {
    await this.renderImport(req, res, new FormErrors());
  }

  /** Multipart: the file was read by CsvUploadMiddleware (before the guard checks `_csrf`). */
  @Post('import')
  async import(
    @CurrentPerson() me: CurrentPersonInfo,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const upload = uploadedCsvOf(req);
    const errors = new FormErrors();
    if ('problem' in upload) {
      errors.add('file', upload.problem);
      await this.renderImport(req, res, errors, 400);
      return;
    }
    let result;
    try {
      result = await this.importer.import(me, upload.bytes);
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== 'PAYLOAD_TOO_LARGE') throw error;
      errors.add('file', error.message);
      await this.renderImport(req, res, errors, 400);
      return;
    }
    if (result.errors.length > 0) {
      const shown = result.errors.slice(0, MOST_IMPORT_ERRORS_SHOWN);
      const list = shown.map((e) => ({ text: `Line ${e.line}: ${e.message}`, href: '#file' }));
      if (result.errors.length > shown.length) {
        list.push({
          text: `and ${result.errors.length - shown.length} more errors after line ${shown[shown.length - 1]!.line}`,
          href: '#file',
        });
      }
      await this.pages.render(
        req,
        res,
        'admin/people/import.njk',
        {
          fileName: upload.fileName,
          errors: {
            file: `${upload.fileName} has ${result.errors.length} ${result.errors.length === 1 ? 'error' : 'errors'}: nobody was added or changed. Correct the file and import it again.`,
          },
          errorList: list,
          ...importHelp(),
        },
        { status: 400 },
      );
      return;
    }
    const parts = [
      `${result.created} ${result.created === 1 ? 'person' : 'people'} added`,
      `${result.updated} updated`,
    ];
    if (result.unitsCreated > 0)
      parts.push(`${result.unitsCreated} new ${result.unitsCreated === 1 ? 'unit' : 'units'}`);
    this.pages.redirectWithBanner(res, '/admin/people', {
      heading: 'People imported',
      text: `${upload.fileName}: ${parts.join(', ')}.`,
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
    await this.renderPerson(
      me,
      req,
      res,
      person,
      {
        name: person.name,
        email: person.email,
        unitId: person.unitId ?? '',
        roles: person.roles,
        managerEmail: manager?.email ?? '',
      },
      new FormErrors(),
    );
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
    const body = formBody(raw);
    const form: PersonForm = {
      name: textField(body, 'name', 400),
      email: person.email,
      unitId: textField(body, 'unitId', 100),
      roles: listField(body, 'roles'),
      managerEmail: textField(body, 'managerEmail', 400),
    };
    const errors = new FormErrors();
    const name = checkName(form.name, errors);
    const units = await this.units.tree(me.organisationId);
    const unitId = checkUnit(form.unitId, units, errors, 'unitId');
    const roles = checkRoles(form.roles, errors);
    let managerId: string | null = null;
    const managerEmail = form.managerEmail.trim().toLowerCase();
    if (managerEmail !== '') {
      if (!EMAIL.test(managerEmail)) {
        errors.add(
          'managerEmail',
          "Enter the line manager's email address in the right format, like name@example.nhs.uk",
        );
      } else {
        const manager = await this.people.findByEmail(me.organisationId, managerEmail);
        if (!manager)
          errors.add(
            'managerEmail',
            `Nobody in your organisation has the email address ${managerEmail}: add them first`,
          );
        else managerId = manager.id;
      }
    }
    if (!errors.any) {
      try {
        await this.people.update(me, id, { name, unitId, roles, managerId });
        this.pages.redirectWithBanner(res, `/admin/people/${id}`, { heading: 'Changes saved' });
        return;
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        if (error.code === 'MANAGER_LOOP' || (error.code === 'VALIDATION_FAILED' && managerId))
          errors.add('managerEmail', error.message);
        else if (error.code === 'CONFLICT') errors.add('roles', error.message);
        else throw error;
      }
    }
    await this.renderPerson(me, req, res, person, form, errors, 400);
  }

  private async renderAdd(
    me: CurrentPersonInfo,
    req: Request,
    res: Response,
    form: PersonForm,
    errors: FormErrors,
    status = 200,
  ): Promise<void> {
    const units = await this.units.tree(me.organisationId);
    await this.pages.render(
      req,
      res,
      'admin/people/new.njk',
      {
        form,
        unitOptions: unitOptions(units, form.unitId, 'No unit'),
        roleItems: roleItems(form.roles),
        ...errors.view(),
      },
      { status },
    );
  }

  private async renderPerson(
    me: CurrentPersonInfo,
    req: Request,
    res: Response,
    person: { id: string; name: string; email: string },
    form: PersonForm,
    errors: FormErrors,
    status = 200,
  ): Promise<void> {
    const units = await this.units.tree(me.organisationId);
    await this.pages.render(
      req,
      res,
      'admin/people/person.njk',
      {
        id: person.id,
        email: person.email,
        savedName: person.name,
        form,
        unitOptions: unitOptions(units, form.unitId, 'No unit'),
        roleItems: roleItems(form.roles),
        ...errors.view(),
      },
      { status },
    );
  }

  private async renderImport(
    req: Request,
    res: Response,
    errors: FormErrors,
    status = 200,
  ): Promise<void> {
    await this.pages.render(
      req,
      res,
      'admin/people/import.njk',
      { ...errors.view(), ...importHelp() },
      { status },
    );
  }
}

function importHelp() {
  return { columns: IMPORT_COLUMNS.join(','), maxRows: MAX_IMPORT_ROWS.toLocaleString('en-GB') };
}

function checkName(typed: string, errors: FormErrors): string {
  const name = typed.replace(/\s+/g, ' ').trim();
  if (name === '') errors.add('name', 'Enter their full name');
  else if (name.length > 200) errors.add('name', 'Full name must be 200 characters or fewer');
  return name;
}

function checkUnit(
  typed: string,
  units: { id: string }[],
  errors: FormErrors,
  field: string,
): string | null {
  if (typed === '') return null;
  if (!units.some((u) => u.id === typed)) {
    errors.add(field, 'Select a unit from the list');
    return null;
  }
  return typed;
}

function checkRoles(typed: string[], errors: FormErrors): Role[] {
  const roles = typed.filter((r): r is Role => (ROLES as readonly string[]).includes(r));
  if (roles.length !== typed.length) errors.add('roles', 'Select roles from the list');
  return roles;
}

function roleItems(checked: string[]) {
  return ROLES.map((role) => ({
    value: role,
    text: ROLE_LABELS[role],
    checked: checked.includes(role),
  }));
}
