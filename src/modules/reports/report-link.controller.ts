import { Controller, Get, Param, ParseUUIDPipe, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '../../common/access/auth.decorators';
import { SESSION_COOKIE } from '../../common/access/authenticated-request';
import { SessionService } from '../auth/session.service';

/**
 * The short link in "your report is ready" emails: signed-in browsers go to the report page;
 * others sign in first, and find the report listed on their home page.
 */
@ApiExcludeController()
@Public()
@Controller('reports')
export class ReportLinkController {
  constructor(private readonly sessions: SessionService) {}

  @Get(':id')
  async open(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const token = (req.cookies as Record<string, string> | undefined)?.[SESSION_COOKIE];
    const signedIn = token ? (await this.sessions.verify(token)) !== null : false;
    res.redirect(303, signedIn ? `/api/v1/feedback-requests/${id}/report.html` : '/sign-in');
  }
}
