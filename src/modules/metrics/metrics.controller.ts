import { Controller, Get, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { PrometheusController } from '@willsoto/nestjs-prometheus';
import type { Response } from 'express';
import { AllowMetricsToken, Roles } from '../../common/access/auth.decorators';

/**
 * `GET /metrics` in Prometheus text. For a signed-in admin, or a scraper sending
 * `Authorization: Bearer <METRICS_TOKEN>`. Not in the OpenAPI document: it is for operators'
 * tools, not API clients.
 */
@ApiExcludeController()
@Controller()
@Roles('admin')
@AllowMetricsToken()
export class MetricsController extends PrometheusController {
  @Get()
  override async index(@Res({ passthrough: true }) response: Response): Promise<string> {
    return await super.index(response);
  }
}
