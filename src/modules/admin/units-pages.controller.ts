import { Body, Controller, Get, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainError } from '../../common/domain-error';
import { FormErrors, formBody, textField } from '../../pages/form-fields';
import { PageRenderer } from '../../pages/page-renderer';
import { StaffPages } from '../../pages/staff-pages.decorator';
import { CurrentPerson, Roles } from '../../common/access/auth.decorators';
import type { CurrentPersonInfo } from '../../common/access/authenticated-request';
import { unitOptions } from './people-pages.controller';
import { UnitNode, UnitsService } from '../organisations/units.service';

interface TreeNode {
  name: string;
  people: number;
  children: TreeNode[];
}

/** The unit tree, and adding a unit under another. */
@StaffPages()
@Roles('admin')
@Controller('admin/units')
export class UnitsPagesController {
  constructor(
    private readonly units: UnitsService,
    private readonly pages: PageRenderer,
  ) {}

  @Get()
  async page(
    @CurrentPerson() me: CurrentPersonInfo,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    await this.render(me, req, res, { name: '', parentId: '' }, new FormErrors());
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
    if (!errors.any) {
      try {
        await this.units.create(me.organisationId, { name, parentId: parent?.id ?? null });
        this.pages.redirectWithBanner(res, '/admin/units', {
          heading: `${name} added`,
          text: parent ? `It is under ${parent.name}.` : undefined,
        });
        return;
      } catch (error) {
        if (!(error instanceof DomainError) || error.code !== 'UNIT_NAME_TAKEN') throw error;
        errors.add('name', `There is already a unit called ${name}: choose another name`);
      }
    }
    await this.render(me, req, res, form, errors, 400);
  }

  private async render(
    me: CurrentPersonInfo,
    req: Request,
    res: Response,
    form: { name: string; parentId: string },
    errors: FormErrors,
    status = 200,
  ): Promise<void> {
    const units = await this.units.tree(me.organisationId);
    await this.pages.render(
      req,
      res,
      'admin/units.njk',
      {
        roots: nest(units),
        form,
        parentOptions: unitOptions(units, form.parentId, 'None (a unit at the top)'),
        ...errors.view(),
      },
      { status },
    );
  }
}

/** The flat, depth-first list as nested nodes for the template. */
function nest(units: UnitNode[]): TreeNode[] {
  const roots: TreeNode[] = [];
  const path: TreeNode[] = [];
  for (const unit of units) {
    const node = { name: unit.name, people: unit.people, children: [] };
    path.length = unit.depth;
    (unit.depth === 0 ? roots : path[unit.depth - 1]!.children).push(node);
    path.push(node);
  }
  return roots;
}
