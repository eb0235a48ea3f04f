import type { OtherRelationship, Relationship } from '../../../common/relationship';
import type { FrameworkShape } from '../../frameworks/framework-shape';
import type { GroupFigure, ReportBody, ReportInput, ResponseInput } from '../report.types';

// What the hand-worked examples of computeReport share: a two-behaviour framework, inputs built
// from raters' answers, and lookups into a report. (Test support: not part of the build.)

const FRAMEWORK: FrameworkShape = {
  scale: { min: 1, max: 5, labels: ['Never', 'Rarely', 'Sometimes', 'Often', 'Always'] },
  dimensions: [
    {
      key: 'trust',
      title: 'Building trust and co-operation',
      items: [
        { key: 'keeps_promises', text: 'Keeps the promises they make' },
        { key: 'resolves_conflict', text: 'Resolves conflict between teams' },
      ],
    },
    {
      key: 'inclusion',
      title: 'Supporting inclusive climates',
      items: [
        { key: 'every_voice', text: 'Makes sure every voice is heard' },
        { key: 'acts_on_bullying', text: 'Acts on bullying and harassment' },
      ],
    },
  ],
  questions: [
    { key: 'strengths', text: 'What does this leader do well?' },
    { key: 'differently', text: 'What could they do differently?' },
  ],
};

export function buildInput(overrides: Partial<ReportInput> = {}): ReportInput {
  return {
    framework: FRAMEWORK,
    threshold: 3,
    managerDisclosed: false,
    responses: [],
    counts: {},
    commentOrderKey: 'report-key-2',
    ...overrides,
  };
}

export function rater(
  relationship: Relationship,
  answers: Record<string, number | null>,
  comments: Record<string, string> = {},
): ResponseInput {
  return { relationship, answers, comments };
}

/** One rater per value, each answering only `itemKey`. */
export function ratersAnswering(
  relationship: Relationship,
  itemKey: string,
  values: (number | null)[],
): ResponseInput[] {
  return values.map((value) => rater(relationship, { [itemKey]: value }));
}

export const times = (value: number, count: number): number[] => Array<number>(count).fill(value);

export function dimensionOf(report: ReportBody, key: string) {
  const found = report.dimensions.find((dimension) => dimension.key === key);
  if (!found) throw new Error(`no dimension ${key}`);
  return found;
}

export function itemOf(report: ReportBody, key: string) {
  const found = report.dimensions.flatMap((d) => d.items).find((item) => item.key === key);
  if (!found) throw new Error(`no item ${key}`);
  return found;
}

export function groupOf(figure: { groups: GroupFigure[] }, relationship: OtherRelationship) {
  const found = figure.groups.find((group) => group.relationship === relationship);
  if (!found) throw new Error(`no group ${relationship}`);
  return found;
}

export const published = (
  relationship: OtherRelationship,
  mean: number,
  n: number,
): GroupFigure => ({
  relationship,
  mean,
  n,
  suppressed: false,
});
export const suppressed = (relationship: OtherRelationship): GroupFigure => ({
  relationship,
  mean: null,
  n: null,
  suppressed: true,
});
