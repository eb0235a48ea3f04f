/** How a cycle's state is shown in a tag (NHS design system tag colours). */
export const STATE_TAGS: Record<string, { text: string; classes: string }> = {
  draft: { text: 'Not open yet', classes: 'nhsuk-tag--grey' },
  open: { text: 'Open', classes: 'nhsuk-tag--green' },
  closed: { text: 'Closed', classes: 'nhsuk-tag--blue' },
  released: { text: 'Reports released', classes: 'nhsuk-tag--purple' },
};
