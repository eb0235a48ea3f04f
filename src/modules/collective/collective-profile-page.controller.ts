import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainError } from '../../common/domain-error';
import { PageId } from '../../pages/page-id.pipe';
import { PageRenderer } from '../../pages/page-renderer';
import { StaffPages } from '../../pages/staff-pages.decorator';
import { CurrentPerson } from '../../common/access/auth.decorators';
import type { CurrentPersonInfo } from '../../common/access/authenticated-request';
import { collectivePageContext } from './collective-page';
import { CollectiveProfilesService } from './collective-profiles.service';
import { ProfileQueryDto } from './dto/collective.dto';

/** `/cycles/:id/collective`: the heatmap of the collective profile, same access as the JSON. */
@StaffPages()
@Controller('cycles')
export class CollectiveProfilePageController {
  constructor(
    private readonly profiles: CollectiveProfilesService,
    private readonly pages: PageRenderer,
  ) {}

  @Get(':id/collective')
  async page(
    @CurrentPerson() person: CurrentPersonInfo,
    @Req() req: Request,
    @Res() res: Response,
    @Param('id', PageId) id: string,
    @Query() query: ProfileQueryDto,
  ): Promise<void> {
    let doc;
    try {
      doc = await this.profiles.read(person, id, query, 'html');
    } catch (error) {
      // Another organisation's cycle is the 404 page; a reader the rules refuse, or a cycle not
      // closed yet, a page that says why (with the status the JSON route answers).
      if (!(error instanceof DomainError) || error.code === 'NOT_FOUND') throw error;
      if (error.code === 'UNAUTHENTICATED') throw error;
      await this.pages.render(
        req,
        res,
        'errors/error.njk',
        {
          heading: 'This collective profile is not available',
          message: `${error.message.replace(/[.\s]+$/, '')}.`,
        },
        { status: error.status },
      );
      return;
    }
    const facts = await this.profiles.pageFacts(person.organisationId, id);
    const params = new URLSearchParams();
    if (query.compareTo) params.set('compareTo', query.compareTo);
    if (query.unitId) params.set('unitId', query.unitId);
    const search = params.size > 0 ? `?${params.toString()}` : '';
    await this.pages.render(
      req,
      res,
      'collective/profile.njk',
      collectivePageContext({
        doc,
        scale: facts.scale,
        comparable: facts.comparable,
        csvHref: `/api/v1/cycles/${id}/collective-profile.csv${search}`,
        asCoach: !person.roles.includes('admin'),
      }),
    );
  }
}
