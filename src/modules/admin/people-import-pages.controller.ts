import { Controller, Get, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainError } from '../../common/domain-error';
import { FormErrors } from '../../pages/form-fields';
import { PageRenderer } from '../../pages/page-renderer';
import { StaffPages } from '../../pages/staff-pages.decorator';
import { CurrentPerson, Roles } from '../../common/access/auth.decorators';
import type { CurrentPersonInfo } from '../../common/access/authenticated-request';
import { IMPORT_COLUMNS, MAX_IMPORT_ROWS } from '../organisations/people-csv';
import { PeopleImportService } from '../organisations/people-import.service';
import { uploadedCsvOf } from './csv-upload.middleware';
import { plural } from './cycle-labels';

/** More import errors than this are counted, not listed (a whole file gone wrong). */
const MOST_IMPORT_ERRORS_SHOWN = 500;

/**
 * "Import people" from an uploaded CSV file, by the JSON import's own service: all or nothing,
 * every error with its line number in the error summary, a banner saying how many were added.
 * Registered before PeoplePagesController, whose `:id` would otherwise take `import`.
 */
@StaffPages()
@Roles('admin')
@Controller('admin/people/import')
export class PeopleImportPagesController {
  constructor(
    private readonly importer: PeopleImportService,
    private readonly pages: PageRenderer,
  ) {}

  @Get()
  async form(@Req() req: Request, @Res() res: Response): Promise<void> {
    await this.render(req, res, new FormErrors().view());
  }

  /** Multipart: the file was read by CsvUploadMiddleware (before the guard checks `_csrf`). */
  @Post()
  async import(
    @CurrentPerson() me: CurrentPersonInfo,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const upload = uploadedCsvOf(req);
    const refused = (problem: string) =>
      this.render(req, res, new FormErrors().add('file', problem).view(), 400);
    if ('problem' in upload) return refused(upload.problem);
    let result;
    try {
      result = await this.importer.import(me, upload.bytes);
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== 'PAYLOAD_TOO_LARGE') throw error;
      return refused(error.message);
    }
    const { errors } = result;
    if (errors.length > 0) {
      const shown = errors.slice(0, MOST_IMPORT_ERRORS_SHOWN);
      const errorList = shown.map((e) => ({ text: `Line ${e.line}: ${e.message}`, href: '#file' }));
      if (errors.length > shown.length) {
        errorList.push({
          text: `and ${errors.length - shown.length} more errors after line ${shown[shown.length - 1]!.line}`,
          href: '#file',
        });
      }
      const file = `${upload.fileName} has ${plural(errors.length, 'error', 'errors')}: nobody was added or changed. Correct the file and import it again.`;
      return this.render(req, res, { errors: { file }, errorList }, 400);
    }
    // "5,005 people added": thousands read as a person says them.
    const count = (n: number) => n.toLocaleString('en-GB');
    const parts = [
      `${count(result.created)} ${result.created === 1 ? 'person' : 'people'} added`,
      `${count(result.updated)} updated`,
    ];
    if (result.unitsCreated > 0)
      parts.push(`${result.unitsCreated} new ${result.unitsCreated === 1 ? 'unit' : 'units'}`);
    this.pages.redirectWithBanner(res, '/admin/people', {
      heading: 'People imported',
      text: `${upload.fileName}: ${parts.join(', ')}.`,
    });
  }

  private async render(
    req: Request,
    res: Response,
    shown: { errors: Record<string, string>; errorList: { text: string; href: string }[] },
    status = 200,
  ): Promise<void> {
    await this.pages.render(
      req,
      res,
      'admin/people/import.njk',
      {
        ...shown,
        columns: IMPORT_COLUMNS.join(','),
        maxRows: MAX_IMPORT_ROWS.toLocaleString('en-GB'),
      },
      { status },
    );
  }
}
