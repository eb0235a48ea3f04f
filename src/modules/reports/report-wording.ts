/**
 * The report speaks to its reader: "you" to the leader, the leader by name to a coach or an
 * admin ("Others see Priya Shah most strongly in …"). Sentence starts are capitalised.
 */
export interface ReportWording {
  /** "you" | "Priya Shah" */
  you: string;
  /** "You" | "Priya Shah" */
  You: string;
  /** "your" | "Priya Shah's" */
  your: string;
  /** "Your" | "Priya Shah's" */
  Your: string;
  /** "yourself" | "themself" */
  yourself: string;
  /** A second mention in one sentence: "you" | "they" */
  they: string;
  readerIsLeader: boolean;
}

export function reportWording(leaderName: string, readerIsLeader: boolean): ReportWording {
  if (readerIsLeader) {
    return {
      you: 'you',
      You: 'You',
      your: 'your',
      Your: 'Your',
      yourself: 'yourself',
      they: 'you',
      readerIsLeader,
    };
  }
  const possessive = /s$/i.test(leaderName) ? `${leaderName}’` : `${leaderName}’s`;
  return {
    you: leaderName,
    You: leaderName,
    your: possessive,
    Your: possessive,
    yourself: 'themself',
    they: 'they',
    readerIsLeader,
  };
}

/** The leader's own reading of their report: the default everywhere. */
export const LEADER_WORDING = reportWording('you', true);
