import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { PageId } from '../../pages/page-id.pipe';
import { PageRenderer } from '../../pages/page-renderer';
import { StaffPages } from '../../pages/staff-pages.decorator';
import { CurrentPerson, Roles } from '../../common/access/auth.decorators';
import type { CurrentPersonInfo } from '../../common/access/authenticated-request';
import { FrameworksService } from '../frameworks/frameworks.service';

/** Read-only: what raters are asked under each framework an admin may choose for a cycle. */
@StaffPages()
@Roles('admin')
@Controller('admin/frameworks')
export class FrameworkPagesController {
  constructor(
    private readonly frameworks: FrameworksService,
    private readonly pages: PageRenderer,
  ) {}

  @Get()
  async list(
    @CurrentPerson() me: CurrentPersonInfo,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const { items } = await this.frameworks.list(me.organisationId, {
      offset: 0,
      limit: 200,
      page: 1,
    });
    await this.pages.render(req, res, 'admin/frameworks/index.njk', {
      frameworkRows: items.map((f) => [
        { text: f.name, href: `/admin/frameworks/${f.id}` },
        { text: String(f.version), format: 'numeric' },
        { text: String(f.dimensions.length), format: 'numeric' },
        {
          text: String(f.dimensions.reduce((n, d) => n + d.items.length, 0)),
          format: 'numeric',
        },
      ]),
    });
  }

  @Get(':id')
  async show(
    @CurrentPerson() me: CurrentPersonInfo,
    @Req() req: Request,
    @Res() res: Response,
    @Param('id', PageId) id: string,
  ): Promise<void> {
    const framework = await this.frameworks.get(me.organisationId, id);
    await this.pages.render(req, res, 'admin/frameworks/framework.njk', { framework });
  }
}
