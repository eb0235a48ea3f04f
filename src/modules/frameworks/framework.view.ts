import type { FrameworkView } from './dto/framework.dto';
import type { Framework } from './framework.entity';

/** The public shape of a framework (the API), whatever the route. */
export function toFrameworkView(f: Framework): FrameworkView {
  return {
    id: f.id,
    key: f.key,
    version: f.version,
    name: f.name,
    custom: f.organisationId !== null,
    scale: f.scale,
    dimensions: f.dimensions,
    questions: f.questions,
    createdAt: f.createdAt.toISOString(),
  };
}
