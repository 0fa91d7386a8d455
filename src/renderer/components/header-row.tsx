/** The header row of a grid table: one cell per column name ('' for an unnamed column). */
export function HeaderRow(props: { columns: readonly string[] }) {
  return (
    <tr>
      {props.columns.map((c, i) => (
        <th key={i}>{c}</th>
      ))}
    </tr>
  );
}
