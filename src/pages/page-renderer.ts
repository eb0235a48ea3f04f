import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Request, Response } from 'express';
import { DataSource } from 'typeorm';
import { InjectAppConfig } from '../config/app.config';
import type { AppConfig } from '../config/env.validation';
import type { AuthenticatedRequest } from '../common/access/authenticated-request';
import { ensureCsrfCookie } from './csrf';
import { Banner, setBanner, takeBanner } from './flash';
import { navigationFor } from './navigation';
import { renderView } from './view-engine';

/** Organisation names change rarely: each is looked up at most once a minute per process. */
const ORGANISATION_NAME_MS = 60_000;

export interface RenderOptions {
  /** HTTP status (default 200; a form with errors is 400). */
  status?: number;
}

/**
 * Renders a view inside the layout for one request: adds what every page needs (the signed-in
 * person and their navigation, the organisation's name, the CSRF token for forms, the banner left
 * by the previous POST) and sends it, never cached.
 */
@Injectable()
export class PageRenderer {
  private readonly organisationNames = new Map<string, { name: string; until: number }>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectAppConfig() private readonly config: AppConfig,
  ) {}

  get secureCookies(): boolean {
    return this.config.publicUrl.startsWith('https:');
  }

  /** The layout's variables for this request (also used by error pages). */
  async layoutContext(req: Request, res: Response): Promise<Record<string, unknown>> {
    const person = (req as AuthenticatedRequest).person ?? null;
    return {
      person,
      organisationName: person ? await this.organisationName(person.organisationId) : null,
      navigation: person ? navigationFor(person.roles, req.path) : [],
      csrfToken: ensureCsrfCookie(req, res, this.secureCookies),
      banner: takeBanner(req, res),
      currentPath: req.path,
    };
  }

  async render(
    req: Request,
    res: Response,
    view: string,
    context: Record<string, unknown> = {},
    options: RenderOptions = {},
  ): Promise<void> {
    const html = renderView(view, { ...(await this.layoutContext(req, res)), ...context });
    res
      .status(options.status ?? 200)
      .setHeader('Cache-Control', 'no-store')
      .type('html')
      .send(html);
  }

  /** After a successful POST: 303 to the page that shows what happened. */
  redirectWithBanner(res: Response, location: string, banner: Banner): void {
    setBanner(res, banner, this.secureCookies);
    res.redirect(303, location);
  }

  private async organisationName(id: string): Promise<string | null> {
    const known = this.organisationNames.get(id);
    if (known && known.until > Date.now()) return known.name;
    const rows = await this.dataSource.query<{ name: string }[]>(
      `SELECT name FROM organisations WHERE id = $1`,
      [id],
    );
    const name = rows[0]?.name ?? null;
    if (name !== null) {
      if (this.organisationNames.size > 1000) this.organisationNames.clear();
      this.organisationNames.set(id, { name, until: Date.now() + ORGANISATION_NAME_MS });
    }
    return name;
  }
}
