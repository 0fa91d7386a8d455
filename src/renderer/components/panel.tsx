import type { ReactNode } from 'react';

/** A titled workstation panel. */
export function Panel(props: { title: string; id: string; area: string; actions?: ReactNode; children: ReactNode }) {
  return (
    <section className="panel" data-panel={props.id} style={{ gridArea: props.area }}>
      <header className="panel-head">
        <h2>{props.title}</h2>
        <div className="panel-actions">{props.actions}</div>
      </header>
      <div className="panel-body">{props.children}</div>
    </section>
  );
}

/** What an empty panel says: what will appear there, never invented data. */
export function EmptyState(props: { children: ReactNode }) {
  return <p className="empty">{props.children}</p>;
}
