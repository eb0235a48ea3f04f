import { Body, Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Person } from '../organisations/person.entity';
import { PersonView, toPersonView } from '../organisations/person.view';
import { CurrentPerson, Public } from '../../common/access/auth.decorators';
import { AuthService } from './auth.service';
import type { CurrentPersonInfo } from '../../common/access/authenticated-request';
import { CreateSessionDto, RequestSignInLinkDto, SessionView } from './dto/sign-in.dto';
import { SignInLimiter } from './sign-in-limiter';
import { ensureCsrfCookie } from '../../pages/csrf';
import { PageRenderer } from '../../pages/page-renderer';

const TOO_MANY = {
  description:
    'RATE_LIMITED: too many requests from this client in the last minute (Retry-After says when to try again)',
};

@ApiTags('auth')
@Controller('api/v1')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    @InjectRepository(Person) private readonly people: Repository<Person>,
    private readonly pages: PageRenderer,
    private readonly limiter: SignInLimiter,
  ) {}

  @ApiOperation({
    summary: 'The CSRF token of this browser, for a script of this site',
    description:
      'A browser signed in through the pages sends its session cookie, so a change it asks for ' +
      'through the JSON API must carry this token in `X-CSRF-Token` (the docs page fetches it ' +
      'for "Try it out"). The cookie that holds it is HttpOnly, and no other site can read this ' +
      'answer, so the token reaches only scripts of this site. A Bearer token needs none.',
  })
  @Public()
  @Get('auth/csrf-token')
  @ApiOkResponse({
    description: 'The token to send as `X-CSRF-Token`',
    schema: {
      type: 'object',
      required: ['token'],
      properties: { token: { type: 'string', example: 'pR1v9Jd0V3qO2m8yYb5Kx4cT7sWnLa6e' } },
    },
  })
  csrfToken(@Req() req: Request, @Res({ passthrough: true }) res: Response): { token: string } {
    return { token: ensureCsrfCookie(req, res, this.pages.secureCookies) };
  }

  @ApiOperation({
    summary: 'Email a single-use sign-in link (the same answer whether or not the person exists)',
  })
  @Public()
  @Post('auth/sign-in-links')
  @HttpCode(202)
  @ApiAcceptedResponse({
    description: 'Sent if the address belongs to someone; the answer is the same either way',
    schema: {
      type: 'object',
      required: ['status'],
      properties: {
        status: {
          type: 'string',
          example: 'If that address belongs to someone here, a sign-in link is on its way.',
        },
      },
    },
  })
  @ApiTooManyRequestsResponse(TOO_MANY)
  async requestLink(
    @Req() req: Request,
    @Body() dto: RequestSignInLinkDto,
  ): Promise<{ status: string }> {
    await this.limiter.hitClient('link', req.ip);
    await this.auth.requestLink(dto.email);
    return { status: 'If that address belongs to someone here, a sign-in link is on its way.' };
  }

  @ApiOperation({ summary: 'Exchange a sign-in token for an access token' })
  @Public()
  @Post('auth/sessions')
  @ApiCreatedResponse({ type: SessionView })
  @ApiUnauthorizedResponse({
    description: 'SIGN_IN_LINK_INVALID: the link is unknown, used or expired',
  })
  @ApiTooManyRequestsResponse(TOO_MANY)
  async createSession(@Req() req: Request, @Body() dto: CreateSessionDto): Promise<SessionView> {
    await this.limiter.hitClient('session', req.ip);
    const session = await this.auth.signIn(dto.token);
    return {
      accessToken: session.accessToken,
      expiresAt: session.expiresAt.toISOString(),
      person: toPersonView(session.person),
    };
  }

  @ApiOperation({ summary: 'The signed-in person, with their roles' })
  @Get('me')
  @ApiBearerAuth()
  @ApiOkResponse({ type: PersonView })
  async me(@CurrentPerson() current: CurrentPersonInfo): Promise<PersonView> {
    return toPersonView(await this.people.findOneByOrFail({ id: current.id }));
  }
}
