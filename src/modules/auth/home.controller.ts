import { Controller, Get, Header, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { html, SafeHtml } from '../../common/html';
import { renderPage } from '../../common/page-layout';
import { SessionService } from './session.service';
import {
  AuthenticatedRequest,
  CSRF_COOKIE,
  SESSION_COOKIE,
} from '../../common/access/authenticated-request';
import { Public } from '../../common/access/auth.decorators';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Person } from '../organisations/person.entity';
import { HomeSections } from './home-sections';

/** The signed-in home page: who you are and what you may see. Signed out: go to /sign-in. */
@ApiExcludeController()
@Public()
@Controller()
export class HomeController {
  constructor(
    private readonly sessions: SessionService,
    private readonly sections: HomeSections,
    @InjectRepository(Person) private readonly people: Repository<Person>,
  ) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  async home(@Req() req: AuthenticatedRequest, @Res() res: Response): Promise<void> {
    const token = (req.cookies as Record<string, string> | undefined)?.[SESSION_COOKIE];
    const claims = token ? await this.sessions.verify(token) : null;
    const person = claims
      ? await this.people.findOneBy({ id: claims.sub, organisationId: claims.org })
      : null;
    if (!person) {
      res.redirect(303, '/sign-in');
      return;
    }
    const csrf = (req.cookies as Record<string, string> | undefined)?.[CSRF_COOKIE] ?? '';
    const parts: SafeHtml[] = await this.sections.render(person);
    res.type('html').send(
      renderPage({
        title: 'Home',
        headerNote: html`signed in as ${person.name}`,
        body: html`<h1>Hello, ${person.name}</h1>
          <p>
            You are signed in as
            ${person.email}${person.roles.length ? html` (${person.roles.join(', ')})` : ''}.
          </p>
          ${parts}
          <form method="post" action="/sign-in/out" class="no-print">
            <input type="hidden" name="_csrf" value="${csrf}" />
            <button type="submit" class="secondary">Sign out</button>
          </form>`,
      }),
    );
  }
}
