import { Controller, Get, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { PageRenderer } from '../../pages/page-renderer';
import { StaffPages } from '../../pages/staff-pages.decorator';
import { trusted } from '../../pages/view-engine';
import { Person } from '../organisations/person.entity';
import type { AuthenticatedRequest } from '../../common/access/authenticated-request';
import { HomeSections } from './home-sections';

/** The signed-in home page: a section for each thing the person does. Signed out: sign in. */
@StaffPages()
@Controller()
export class HomeController {
  constructor(
    private readonly pages: PageRenderer,
    private readonly sections: HomeSections,
    @InjectRepository(Person) private readonly people: Repository<Person>,
  ) {}

  @Get()
  async home(@Req() req: AuthenticatedRequest, @Res() res: Response): Promise<void> {
    const me = req.person!;
    const person = await this.people.findOneByOrFail({
      id: me.id,
      organisationId: me.organisationId,
    });
    const parts = await this.sections.render(person);
    await this.pages.render(req, res, 'home/home.njk', {
      name: person.name,
      sections: parts.map((part) => trusted(part)),
    });
  }
}
