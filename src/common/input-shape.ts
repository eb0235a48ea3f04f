import {
  CallHandler,
  ExecutionContext,
  Injectable,
  NestInterceptor,
  SetMetadata,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import type { Observable } from 'rxjs';
import { DomainError } from './domain-error';

/** Objects and arrays nested deeper than this are refused (no form or payload of ours nests past 4). */
export const MAX_INPUT_DEPTH = 32;

/**
 * Characters PostgreSQL cannot hold in text or jsonb: NUL, and half of a UTF-16 surrogate pair
 * (JSON can carry both as escapes; no keyboard types them).
 */
export const UNSTORABLE =
  // eslint-disable-next-line no-control-regex -- NUL is exactly what this looks for
  /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** True when the text holds a character that PostgreSQL cannot store (see UNSTORABLE). */
export function hasUnstorableCharacter(text: string): boolean {
  return UNSTORABLE.test(text);
}

export const OWN_TEXT_CHECK = 'c360:ownTextCheck';

/**
 * The route checks its text fields' characters itself and answers field by field (the rater's
 * answers: the page comes back with the error beside the comment); depth is still checked here.
 */
export const ChecksOwnText = (): MethodDecorator & ClassDecorator =>
  SetMetadata(OWN_TEXT_CHECK, true);

export type InputProblem =
  { kind: 'too_deep'; where: string } | { kind: 'bad_character'; where: string };

/**
 * Walks a parsed body, query or params once, without recursion (a body of 45,000 nested arrays
 * must not overflow the stack here either), and gives the first problem: nesting deeper than
 * MAX_INPUT_DEPTH, or a key or string holding an unstorable character (unless `characters` is
 * false). Raw bodies (a CSV upload's bytes or text) are left to their own parser.
 */
export function findInputProblem(
  root: unknown,
  rootName: string,
  characters = true,
): InputProblem | null {
  if (typeof root !== 'object' || root === null || Buffer.isBuffer(root)) return null;
  const stack: { value: unknown; depth: number; where: string }[] = [
    { value: root, depth: 1, where: rootName },
  ];
  while (stack.length > 0) {
    const { value, depth, where } = stack.pop()!;
    if (typeof value === 'string') {
      if (characters && UNSTORABLE.test(value)) return { kind: 'bad_character', where };
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    if (depth > MAX_INPUT_DEPTH) return { kind: 'too_deep', where };
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--)
        stack.push({ value: value[i], depth: depth + 1, where: `${where}[${i}]` });
      continue;
    }
    for (const key of Object.keys(value)) {
      const path = `${where}.${key}`;
      if (characters && UNSTORABLE.test(key)) return { kind: 'bad_character', where: path };
      stack.push({ value: (value as Record<string, unknown>)[key], depth: depth + 1, where: path });
    }
  }
  return null;
}

/** The 400 for a problem, with a stable code; `where` names the field with printable characters. */
export function inputProblemError(problem: InputProblem): DomainError {
  const where = printable(problem.where);
  if (problem.kind === 'too_deep')
    return new DomainError(
      'INPUT_TOO_DEEP',
      `${where} nests objects or arrays more than ${MAX_INPUT_DEPTH} levels deep`,
    );
  return new DomainError(
    'INPUT_BAD_CHARACTER',
    `${where} has a character that cannot be stored (a NUL, or half of an emoji's UTF-16 pair); retype the text and send it again`,
  );
}

function printable(where: string): string {
  const clipped = where.length > 200 ? `${where.slice(0, 200)}…` : where;
  // eslint-disable-next-line no-control-regex -- control characters are what is replaced
  return clipped.replace(/[\u0000-\u001f\u007f]|[\ud800-\udfff]/g, '?');
}

/**
 * At the edge of every route, before the validation pipe: the pipe's transformer recurses into
 * nested values (a deep payload overflowed it), and an unstorable character reached PostgreSQL
 * as a 500. One walk of body, query and params answers both with a 400.
 */
@Injectable()
export class InputShapeInterceptor implements NestInterceptor {
  constructor(private readonly reflector: Reflector) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() === 'http') {
      const req = context.switchToHttp().getRequest<Request>();
      const characters = !this.reflector.getAllAndOverride<boolean>(OWN_TEXT_CHECK, [
        context.getHandler(),
        context.getClass(),
      ]);
      const problem =
        findInputProblem(req.params, 'path', true) ??
        findInputProblem(req.query, 'query', true) ??
        findInputProblem(req.body, 'body', characters);
      if (problem) throw inputProblemError(problem);
    }
    return next.handle();
  }
}
