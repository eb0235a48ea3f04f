import {
  BadRequestException,
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  Post,
  Put,
  UseFilters,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiGoneResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import { ChecksOwnText } from '../../common/input-shape';
import { ERROR_STATUS } from '../../common/error-codes';
import { Public } from '../../common/access/auth.decorators';
import { AnswerError, AnswerSet, validateAnswers, ValidationMode } from './answer-validation';
import { DeclineDto, SaveDraftDto, SubmitResponseDto } from './dto/answers.dto';
import { QuestionnaireView } from './dto/questionnaire.view';
import { questionnaireView } from './questionnaire-view';
import { RateLimitedFilter } from './rate-limited.filter';
import { RaterContext, RaterLinksService } from './rater-links.service';
import { ResponsesService } from './responses.service';

const TOKEN_PARAM = {
  name: 'token',
  description: 'The token from the emailed link PUBLIC_URL/r/<token>',
};

/** The rater's JSON routes. The token in the link is the only credential. */
@ApiTags('raters')
@Public()
@UseFilters(RateLimitedFilter)
@ApiParam(TOKEN_PARAM)
@ApiNotFoundResponse({ description: 'Unknown token (code NOT_FOUND)' })
@ApiGoneResponse({
  description:
    'The cycle is not open: closed, released or not yet open (code QUESTIONNAIRE_NOT_OPEN)',
})
@ApiTooManyRequestsResponse({
  description: 'More than the per-link limit of requests a minute (code RATE_LIMITED)',
})
@Controller('api/v1/responses')
export class ResponsesController {
  constructor(
    private readonly links: RaterLinksService,
    private readonly responses: ResponsesService,
  ) {}

  @Get(':token')
  @ApiOperation({ summary: 'The questionnaire of this link, with the saved draft if any' })
  @ApiOkResponse({ type: QuestionnaireView })
  @ApiConflictResponse({
    description: 'Already answered or declined (ALREADY_ANSWERED, ALREADY_DECLINED)',
  })
  async show(@Param('token') token: string): Promise<QuestionnaireView> {
    const ctx = await this.links.resolve(token);
    this.links.assertPending(ctx);
    return questionnaireView(ctx, (await this.responses.loadDraft(ctx, token)).draft);
  }

  @Put(':token/draft')
  @ChecksOwnText() // a bad character is ANSWERS_INVALID, named field by field
  @HttpCode(204)
  @ApiOperation({
    summary: 'Save the answers so far (items may be missing; given values must be valid)',
  })
  @ApiNoContentResponse({ description: 'Draft saved' })
  @ApiBadRequestResponse({
    description: 'A value off the scale, an unknown key or a comment too long (ANSWERS_INVALID)',
  })
  @ApiConflictResponse({
    description: 'Already answered or declined (ALREADY_ANSWERED, ALREADY_DECLINED)',
  })
  async saveDraft(@Param('token') token: string, @Body() body: SaveDraftDto): Promise<void> {
    const ctx = await this.links.resolve(token);
    this.links.assertPending(ctx);
    await this.responses.saveDraft(ctx, token, checked(ctx, body, 'draft'));
  }

  @Post(':token')
  @ChecksOwnText()
  @HttpCode(201)
  @ApiOperation({ summary: 'Submit the answers; the link then cannot be used again' })
  @ApiCreatedResponse({ description: 'Stored, with nothing that leads back to the rater' })
  @ApiBadRequestResponse({
    description:
      'An item missing, a value off the scale, an unknown key or a comment too long (ANSWERS_INVALID)',
  })
  @ApiConflictResponse({
    description: 'Already answered or declined (ALREADY_ANSWERED, ALREADY_DECLINED)',
  })
  async submit(@Param('token') token: string, @Body() body: SubmitResponseDto): Promise<void> {
    const ctx = await this.links.resolve(token);
    this.links.assertPending(ctx);
    await this.responses.submit(ctx, checked(ctx, body, 'submit'));
  }

  @Post(':token/decline')
  @HttpCode(204)
  @ApiOperation({ summary: 'Decline to answer; the reason, if given, is not stored' })
  @ApiNoContentResponse({ description: 'Declined' })
  @ApiConflictResponse({
    description: 'Already answered or declined (ALREADY_ANSWERED, ALREADY_DECLINED)',
  })
  async decline(@Param('token') token: string, @Body() _body: DeclineDto): Promise<void> {
    const ctx = await this.links.resolve(token);
    this.links.assertPending(ctx);
    await this.responses.decline(ctx);
  }
}

function checked(
  ctx: RaterContext,
  body: { answers?: unknown; comments?: unknown },
  mode: ValidationMode,
): AnswerSet {
  const result = validateAnswers(
    ctx.framework,
    { answers: body.answers, comments: body.comments },
    mode,
  );
  if (!result.ok) throw answersInvalid(result.errors);
  return result.value;
}

/** NestJS's error shape, with every problem named (`message`) and listed by field (`errors`). */
function answersInvalid(errors: AnswerError[]): BadRequestException {
  return new BadRequestException({
    statusCode: ERROR_STATUS.ANSWERS_INVALID,
    message: errors.map((e) => e.message),
    error: 'Bad Request',
    code: 'ANSWERS_INVALID',
    errors: errors.map(({ field, problem, message }) => ({ field, problem, message })),
  });
}
