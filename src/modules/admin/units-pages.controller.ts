import { Body, Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainError } from '../../common/domain-error';
import { FormErrors, formBody, textField } from '../../pages/form-fields';
import { onCodes, submitForm } from '../../pages/form-submission';
import { PageId } from '../../pages/page-id.pipe';
import { PageRenderer } from '../../pages/page-renderer';
import { StaffPages } from '../../pages/staff-pages.decorator';
import { isUUID } from 'class-validator';
import { CurrentPerson, Roles } from '../../common/access/auth.decorators';
import type { CurrentPersonInfo } from '../../common/access/authenticated-request';
import { CoachGrantsService, type GrantedCoach } from '../collective/coach-grants.service';
import { PeopleService } from '../organisations/people.service';
import { UnitNode, UnitsService } from '../organisations/units.service';
import { unitOptions } from './select-options';

interface TreeNode {
  id: string;
  name: string;
  people: number;
  coaches: GrantedCoach[];
  children: TreeNode[];
}

interface UnitsForms {
  unit: { name: string; parentId: string };
  grant: { unitId: string; coachId: string };
}

const EMPTY_FORMS: UnitsForms = {
  unit: { name: '', parentId: '' },
  grant: { unitId: '', coachId: '' },
};

/**
 * The unit tree; adding a unit under another; and which coaches may read each unit's collective
 * profile (granted and removed through the coach grants' own service, as the JSON routes are).
 */
@StaffPages()
@Roles('admin')
@Controller('admin/units')
export class UnitsPagesController {
  constructor(
    private readonly units: UnitsService,
    private readonly people: PeopleService,
    private readonly grants: CoachGrantsService,
    private readonly pages: PageRenderer,
  ) {}

  @Get()
  async page(
    @CurrentPerson() me: CurrentPersonInfo,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    await this.render(me, req, res, EMPTY_FORMS, new FormErrors());
  }

  @Post()
  async add(
    @CurrentPerson() me: CurrentPersonInfo,
    @Req() req: Request,
    @Res() res: Response,
    @Body() raw: unknown,
  ): Promise<void> {
    const body = formBody(raw);
    const form = { name: textField(body, 'name', 400), parentId: textField(body, 'parentId', 100) };
    const errors = new FormErrors();
    const name = form.name.replace(/\s+/g, ' ').trim();
    if (name === '') errors.add('name', 'Enter a name for the unit');
    else if (name.length > 200) errors.add('name', 'Name must be 200 characters or fewer');
    const units = await this.units.tree(me.organisationId);
    const parent = form.parentId === '' ? null : units.find((u) => u.id === form.parentId);
    if (parent === undefined) errors.add('parentId', 'Select a parent unit from the list, or none');
    await submitForm(this.pages, res, errors, {
      act: async () => {
        await this.units.create(me.organisationId, { name, parentId: parent?.id ?? null });
        return {
          to: '/admin/units',
          banner: {
            heading: `${name} added`,
            text: parent ? `It is under ${parent.name}.` : undefined,
          },
        };
      },
      fieldOf: (error) =>
        error.code === 'UNIT_NAME_TAKEN'
          ? {
              field: 'name',
              message: `There is already a unit called ${name}: choose another name`,
            }
          : null,
      again: (shown) => this.render(me, req, res, { ...EMPTY_FORMS, unit: form }, shown, 400),
    });
  }

  @Post('access')
  async grant(
    @CurrentPerson() me: CurrentPersonInfo,
    @Req() req: Request,
    @Res() res: Response,
    @Body() raw: unknown,
  ): Promise<void> {
    const body = formBody(raw);
    const form = {
      unitId: textField(body, 'unitId', 100),
      coachId: textField(body, 'coachId', 100),
    };
    const errors = new FormErrors();
    const [units, coaches] = await Promise.all([
      this.units.tree(me.organisationId),
      this.people.withRole(me.organisationId, 'coach'),
    ]);
    const unit = units.find((u) => u.id === form.unitId);
    if (!unit) errors.add('unitId', 'Select the unit whose collective profile the coach may read');
    // A person who is no longer a coach is left for the service to refuse, in its own words.
    const coach =
      coaches.find((p) => p.id === form.coachId) ??
      // Only an id (a UUID) is looked up: anything else would fail the query, not the form.
      (isUUID(form.coachId) ? await this.personIn(me.organisationId, form.coachId) : null);
    if (!coach) errors.add('coachId', 'Select the coach to grant access to');
    await submitForm(this.pages, res, errors, {
      act: async () => {
        await this.grants.grant(me.organisationId, unit!.id, coach!.id);
        return {
          to: '/admin/units',
          banner: {
            heading: `${coach!.name} can read ${unit!.name}'s collective profile`,
            text: 'And those of the units below it, from every closed cycle.',
          },
        };
      },
      fieldOf: (error) =>
        error.code === 'COACH_GRANT_EXISTS'
          ? {
              field: 'coachId',
              message: `${coach!.name} can already read ${unit!.name}'s collective profile`,
            }
          : onCodes('coachId', 'COACH_ROLE_MISSING')(error),
      again: (shown) => this.render(me, req, res, { ...EMPTY_FORMS, grant: form }, shown, 400),
    });
  }

  /** A repeat (Back and send again, two clicks) answers with the page as it is now. */
  @Post(':id/access/:personId/remove')
  async remove(
    @CurrentPerson() me: CurrentPersonInfo,
    @Res() res: Response,
    @Param('id', PageId) unitId: string,
    @Param('personId', PageId) personId: string,
  ): Promise<void> {
    const [coach, unit] = await Promise.all([
      this.personIn(me.organisationId, personId),
      this.units.tree(me.organisationId).then((all) => all.find((u) => u.id === unitId)),
    ]);
    if (!unit || !coach) throw DomainError.notFound(unit ? 'Coach' : 'Unit');
    try {
      await this.grants.revoke(me.organisationId, unit.id, coach.id);
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== 'NOT_FOUND') throw error;
      this.pages.redirectWithBanner(res, '/admin/units', {
        heading: `${coach.name} had no access to ${unit.name}`,
        text: 'Nothing changed.',
      });
      return;
    }
    this.pages.redirectWithBanner(res, '/admin/units', {
      heading: `${coach.name} can no longer read ${unit.name}'s collective profile`,
    });
  }

  private async personIn(
    organisationId: string,
    id: string,
  ): Promise<{ id: string; name: string } | null> {
    try {
      return await this.people.get(organisationId, id);
    } catch (error) {
      if (error instanceof DomainError && error.code === 'NOT_FOUND') return null;
      throw error;
    }
  }

  private async render(
    me: CurrentPersonInfo,
    req: Request,
    res: Response,
    forms: UnitsForms,
    errors: FormErrors,
    status = 200,
  ): Promise<void> {
    const [units, coaches, granted] = await Promise.all([
      this.units.tree(me.organisationId),
      this.people.withRole(me.organisationId, 'coach'),
      this.grants.coachesOf(me.organisationId),
    ]);
    await this.pages.render(
      req,
      res,
      'admin/units.njk',
      {
        roots: nest(units, granted),
        form: forms.unit,
        grant: forms.grant,
        parentOptions: unitOptions(units, forms.unit.parentId, 'None (a unit at the top)'),
        grantUnitOptions: unitOptions(units, forms.grant.unitId, 'Select a unit'),
        coachOptions: [
          { value: '', text: 'Select a coach', selected: forms.grant.coachId === '' },
          ...coaches.map((p) => ({
            value: p.id,
            text: `${p.name} (${p.email})`,
            selected: p.id === forms.grant.coachId,
          })),
        ],
        hasCoaches: coaches.length > 0,
        ...errors.view(),
      },
      { status },
    );
  }
}

/** The flat, depth-first list as nested nodes for the template, each with its coaches. */
function nest(units: UnitNode[], granted: Map<string, GrantedCoach[]>): TreeNode[] {
  const roots: TreeNode[] = [];
  const path: TreeNode[] = [];
  for (const unit of units) {
    const node = {
      id: unit.id,
      name: unit.name,
      people: unit.people,
      coaches: granted.get(unit.id) ?? [],
      children: [],
    };
    path.length = unit.depth;
    (unit.depth === 0 ? roots : path[unit.depth - 1]!.children).push(node);
    path.push(node);
  }
  return roots;
}
