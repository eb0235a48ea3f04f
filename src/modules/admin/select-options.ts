/** A select's items for choosing a unit, indented by depth, with a first item for none. */
export function unitOptions(
  units: { id: string; name: string; depth: number }[],
  selected: string,
  none: string,
) {
  return [
    { value: '', text: none, selected: selected === '' },
    ...units.map((u) => ({
      value: u.id,
      text: `${'– '.repeat(u.depth)}${u.name}`,
      selected: u.id === selected,
    })),
  ];
}

/** A select's items for choosing a person, with a first item for none. */
export function personOptions(
  people: { id: string; name: string; email: string }[],
  selected: string | undefined,
  none: string,
) {
  return [
    { value: '', text: none, selected: !selected },
    ...people.map((p) => ({
      value: p.id,
      text: `${p.name} (${p.email})`,
      selected: p.id === selected,
    })),
  ];
}
