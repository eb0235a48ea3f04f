import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { Response } from 'supertest';

interface MediaType {
  schema?: Record<string, unknown>;
}
interface ResponseObject {
  description?: string;
  content?: Record<string, MediaType>;
}
interface OperationObject {
  responses: Record<string, ResponseObject>;
}
export interface OpenApiDocument {
  paths: Record<string, Record<string, OperationObject>>;
  components?: Record<string, unknown>;
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

/**
 * Checks real answers against the OpenAPI document the service serves: the status must be one
 * the operation declares, the media type one it declares, and a JSON body must match the
 * declared schema. Remembers which operations were exercised, so that a route nobody checks
 * (a new one, say) is reported.
 */
export class OpenApiContract {
  private readonly ajv = addFormats(new Ajv({ strict: false, allErrors: true }));
  private readonly validators = new Map<string, ValidateFunction>();
  private readonly templates: {
    method: string;
    template: string;
    pattern: RegExp;
    params: number;
  }[];
  readonly exercised = new Set<string>();
  readonly problems: string[] = [];

  constructor(private readonly document: OpenApiDocument) {
    this.templates = Object.entries(document.paths).flatMap(([template, item]) =>
      Object.keys(item)
        .filter((method) => METHODS.includes(method))
        .map((method) => ({
          method,
          template,
          pattern: new RegExp(
            `^${template.replace(/[.]/g, '\\.').replace(/\{[^}]+\}/g, '[^/]+')}$`,
          ),
          params: (template.match(/\{/g) ?? []).length,
        })),
    );
  }

  /** Every operation of the document, as `METHOD /template`. */
  operations(): string[] {
    return this.templates.map((t) => `${t.method.toUpperCase()} ${t.template}`).sort();
  }

  /** Checks one real answer; a mismatch is kept in `problems` (all are reported together). */
  check(method: string, url: string, res: Response): void {
    const path = url.split('?')[0] ?? url;
    const match = this.templates
      .filter((t) => t.method === method.toLowerCase() && t.pattern.test(path))
      .sort((a, b) => a.params - b.params)[0];
    const label = `${method.toUpperCase()} ${path} → ${res.status}`;
    if (!match) {
      this.problems.push(`${label}: no operation in the document`);
      return;
    }
    const key = `${match.method.toUpperCase()} ${match.template}`;
    this.exercised.add(key);
    const operation = this.document.paths[match.template]![match.method]!;
    const declared = operation.responses[String(res.status)] ?? operation.responses.default;
    if (!declared) {
      this.problems.push(`${label}: ${key} does not declare ${res.status}`);
      return;
    }
    const mediaType = String(res.headers['content-type'] ?? '')
      .split(';')[0]!
      .trim();
    const hasBody = res.status !== 204 && (res.text ?? '').length > 0;
    if (!hasBody) return;
    const content = declared.content ?? {};
    if (!mediaType || !(mediaType in content)) {
      this.problems.push(
        `${label}: answers ${mediaType || 'no media type'}, declared: ${Object.keys(content).join(', ') || 'none'}`,
      );
      return;
    }
    const schema = content[mediaType]?.schema;
    if (!schema || mediaType !== 'application/json') return;
    const validate = this.validator(`${key} ${res.status}`, schema);
    if (!validate(res.body)) {
      this.problems.push(`${label}: body does not match: ${this.ajv.errorsText(validate.errors)}`);
    }
  }

  private validator(key: string, schema: Record<string, unknown>): ValidateFunction {
    let validate = this.validators.get(key);
    if (!validate) {
      // `#/components/...` references resolve against the document's components.
      validate = this.ajv.compile(
        toJsonSchema({ ...schema, components: this.document.components }) as object,
      );
      this.validators.set(key, validate);
    }
    return validate;
  }
}

/**
 * OpenAPI 3.0's `nullable: true` as JSON Schema: `null` or the schema. (Ajv reads `nullable` only
 * beside a `type`, not beside an `allOf` of a reference, which is how Nest writes a nullable DTO.)
 */
export function toJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (!node || typeof node !== 'object') return node;
  const { nullable, ...rest } = node as Record<string, unknown>;
  const converted = Object.fromEntries(
    Object.entries(rest).map(([key, value]) => [key, toJsonSchema(value)]),
  );
  return nullable === true ? { anyOf: [{ type: 'null' }, converted] } : converted;
}
