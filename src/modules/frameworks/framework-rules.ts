import type { FrameworkShape } from './framework-shape';

export const FRAMEWORK_LIMITS = {
  dimensions: { min: 2, max: 12 },
  itemsPerDimension: { min: 1, max: 15 },
  scalePoints: { min: 3, max: 10 },
  questions: { min: 0, max: 10 },
} as const;

/**
 * What is wrong with a framework definition, in sentences a person can act on (empty: nothing).
 * Every key (dimensions, items, questions) must be unique across the framework, because answers,
 * reports and CSV columns are keyed by them.
 */
export function frameworkProblems(framework: FrameworkShape): string[] {
  const problems: string[] = [];
  const { dimensions, questions, scale } = framework;
  const limits = FRAMEWORK_LIMITS;

  if (dimensions.length < limits.dimensions.min || dimensions.length > limits.dimensions.max) {
    problems.push(
      `a framework needs ${limits.dimensions.min} to ${limits.dimensions.max} dimensions (this one has ${dimensions.length})`,
    );
  }
  for (const dimension of dimensions) {
    const n = dimension.items.length;
    if (n < limits.itemsPerDimension.min || n > limits.itemsPerDimension.max) {
      problems.push(
        `dimension "${dimension.key}" needs ${limits.itemsPerDimension.min} to ${limits.itemsPerDimension.max} items (it has ${n})`,
      );
    }
  }
  if (questions.length > limits.questions.max) {
    problems.push(
      `a framework may have at most ${limits.questions.max} open questions (this one has ${questions.length})`,
    );
  }

  const points = scale.max - scale.min + 1;
  if (scale.max <= scale.min) {
    problems.push(`the scale's max (${scale.max}) must be greater than its min (${scale.min})`);
  } else if (points < limits.scalePoints.min || points > limits.scalePoints.max) {
    problems.push(
      `the scale needs ${limits.scalePoints.min} to ${limits.scalePoints.max} points (${scale.min} to ${scale.max} is ${points})`,
    );
  } else if (scale.labels.length !== points) {
    problems.push(
      `the scale needs one label for each of its ${points} points, from ${scale.min} to ${scale.max} (it has ${scale.labels.length})`,
    );
  }
  if (scale.labels.some((label) => label.trim() === ''))
    problems.push('scale labels must not be empty');

  const seen = new Set<string>();
  const repeated = new Set<string>();
  const keys = [
    ...dimensions.map((d) => d.key),
    ...dimensions.flatMap((d) => d.items.map((i) => i.key)),
    ...questions.map((q) => q.key),
  ];
  for (const key of keys) {
    if (seen.has(key)) repeated.add(key);
    seen.add(key);
  }
  for (const key of repeated) {
    problems.push(
      `key "${key}" is used more than once: keys of dimensions, items and questions must all differ`,
    );
  }
  return problems;
}
