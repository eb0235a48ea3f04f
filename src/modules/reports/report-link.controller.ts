import { Controller, Get, Param, ParseUUIDPipe, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../../common/access/auth.decorators';

/**
 * The short link in "your report is ready" emails: to the report page, which sends a signed-out
 * browser through sign-in and back (`/sign-in?next=/requests/:id/report`).
 */
@ApiExcludeController()
@Public()
@Controller('reports')
export class ReportLinkController {
  @Get(':id')
  open(@Param('id', new ParseUUIDPipe()) id: string, @Res() res: Response): void {
    res.redirect(303, `/requests/${id}/report`);
  }
}
