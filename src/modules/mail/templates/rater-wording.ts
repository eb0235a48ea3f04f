import type { Relationship } from '../../../common/relationship';

/** Sentences that invitations and reminders to raters share, so both say the same thing. */

export interface RaterWordingProps {
  leaderName: string;
  relationship: Relationship;
  anonymityThreshold: number;
  managerDisclosed: boolean;
}

/** How the rater was nominated, as a phrase: "You were nominated as …". */
export function relationshipPhrase(relationship: Exclude<Relationship, 'self'>): string {
  switch (relationship) {
    case 'manager':
      return 'their line manager';
    case 'peer':
      return 'a peer';
    case 'direct_report':
      return 'someone who reports to them';
    case 'other':
      return 'a colleague who works with them';
  }
}

/** Why this matters, in one sentence on collective leadership. */
export function whyItMatters(p: RaterWordingProps): string {
  const lead =
    'Collective leadership, where staff at every level take responsibility for improving care together, goes with high-quality, compassionate care';
  return p.relationship === 'self'
    ? `${lead}; setting your own view beside your colleagues' shows where you help it most and where to grow.`
    : `${lead}; your honest view helps ${p.leaderName} see how well they support it.`;
}

/**
 * How anonymity works, in one sentence, worded for this cycle: groups under k are never shown,
 * and the line manager's answers are shown as such only where the cycle discloses them.
 */
export function anonymitySentence(p: RaterWordingProps): string {
  const k = p.anonymityThreshold;
  switch (p.relationship) {
    case 'self':
      return p.managerDisclosed
        ? `Your own answers are shown to you beside your colleagues', which appear only in groups of at least ${k} people so nobody can tell who said what, except your line manager's, which this cycle shows as theirs.`
        : `Your own answers are shown to you beside your colleagues', which appear only in groups of at least ${k} people (your line manager's included) so nobody can tell who said what.`;
    case 'manager':
      return p.managerDisclosed
        ? `As ${p.leaderName}'s line manager, your answers will be shown to them as the line manager's, because this cycle discloses them; everyone else's appear only in groups of at least ${k} people.`
        : `Your answers stay anonymous: as ${p.leaderName}'s line manager, yours are pooled with other people's and shown only in groups of at least ${k}, never as yours.`;
    case 'peer':
    case 'direct_report':
    case 'other':
      return p.managerDisclosed
        ? `Your answers stay anonymous: ${p.leaderName} sees results only for groups of at least ${k} people and never who said what; only their line manager's answers are shown as such, because this cycle discloses them.`
        : `Your answers stay anonymous: ${p.leaderName} sees results only for groups of at least ${k} people and never who said what, and their line manager's answers are pooled in the same way.`;
  }
}

/** What every email to a rater is about: who, which cycle, until when, and how anonymity works. */
export interface RaterMailProps {
  raterName: string;
  leaderName: string;
  organisationName: string;
  cycleName: string;
  closesAt: Date;
  relationship: Relationship;
  anonymityThreshold: number;
  managerDisclosed: boolean;
  /** PUBLIC_URL/r/<token>: the only link, personal to this rater. */
  url: string;
}
