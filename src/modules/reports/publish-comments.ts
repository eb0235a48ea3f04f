import { orderComments } from './comment-order';
import type { ReportBody, ReportInput } from './report.types';

/**
 * Each question's comments from the other raters, without group labels, or none at all when the
 * others together are fewer than k. The leader's own comments are theirs and are left out.
 */
export function publishComments(input: ReportInput): ReportBody['comments'] {
  const others = input.responses.filter((response) => response.relationship !== 'self');
  const published = others.length >= input.threshold;
  return input.framework.questions.map((question) => ({
    questionKey: question.key,
    question: question.text,
    answers: published
      ? orderComments(
          others
            .map((response) =>
              Object.hasOwn(response.comments, question.key)
                ? (response.comments[question.key] ?? '').trim()
                : '',
            )
            .filter((text) => text !== ''),
          input.commentOrderKey,
        )
      : [],
  }));
}
