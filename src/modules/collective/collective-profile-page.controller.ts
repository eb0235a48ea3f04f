import { Controller, Get, Header, Param, ParseUUIDPipe, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { DomainError } from '../../common/domain-error';
import { html } from '../../common/html';
import { renderPage } from './collective-page-shell';
import { CurrentPerson } from '../../common/access/auth.decorators';
import type { CurrentPersonInfo } from '../../common/access/authenticated-request';
import { collectivePageContext, renderCollectivePage } from './collective-page';
import { CollectiveProfilesService } from './collective-profiles.service';
import { ProfileQueryDto } from './dto/collective.dto';

/** `/cycles/:id/collective`: the heatmap of the collective profile, same access as the JSON. */
@ApiExcludeController()
@Controller('cycles')
export class CollectiveProfilePageController {
  constructor(private readonly profiles: CollectiveProfilesService) {}

  @Get(':id/collective')
  @Header('Cache-Control', 'no-store')
  async page(
    @CurrentPerson() person: CurrentPersonInfo,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Query() query: ProfileQueryDto,
    @Res() res: Response,
  ): Promise<void> {
    try {
      const doc = await this.profiles.read(person, id, query, 'html');
      const facts = await this.profiles.pageFacts(person.organisationId, id);
      const params = new URLSearchParams();
      if (query.compareTo) params.set('compareTo', query.compareTo);
      if (query.unitId) params.set('unitId', query.unitId);
      const search = params.size > 0 ? `?${params.toString()}` : '';
      res.type('html').send(
        renderCollectivePage(
          collectivePageContext({
            doc,
            scale: facts.scale,
            comparable: facts.comparable,
            csvHref: `/api/v1/cycles/${id}/collective-profile.csv${search}`,
            asCoach: !person.roles.includes('admin'),
          }),
        ),
      );
    } catch (error) {
      // A browser gets a page it can read; the status is the one the JSON route answers.
      if (!(error instanceof DomainError)) throw error;
      res
        .status(error.status)
        .type('html')
        .send(
          renderPage({
            title: 'Collective profile not available',
            body: html`<h1>This collective profile is not available</h1>
              <p>${error.message}.</p>
              <p><a href="/">Back to your home page</a></p>`,
          }),
        );
    }
  }
}
