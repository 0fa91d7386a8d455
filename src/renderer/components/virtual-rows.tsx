import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef, type ReactNode } from 'react';

const ROW_HEIGHT = 20;

/**
 * A table body that renders only the rows in view (a blotter can hold thousands of fills). The
 * header stays a normal <thead>; rows are absolutely placed inside a scroll box.
 */
export function VirtualRows<T>(props: {
  rows: readonly T[];
  header: ReactNode;
  row: (item: T) => ReactNode;
  testId: string;
  rowKey: (item: T) => string;
}) {
  const scroll = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: props.rows.length,
    getScrollElement: () => scroll.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  const before = items[0]?.start ?? 0;
  const after = virtualizer.getTotalSize() - (items.at(-1)?.end ?? 0);
  return (
    <div ref={scroll} className="virtual-scroll" data-rows={props.rows.length}>
      <table className="grid-table" data-testid={props.testId}>
        <thead>{props.header}</thead>
        <tbody>
          {before > 0 && <tr style={{ height: before }} aria-hidden />}
          {items.map((v) => {
            const item = props.rows[v.index]!;
            return <RowKey key={props.rowKey(item)}>{props.row(item)}</RowKey>;
          })}
          {after > 0 && <tr style={{ height: after }} aria-hidden />}
        </tbody>
      </table>
    </div>
  );
}

function RowKey(props: { children: ReactNode }) {
  return <>{props.children}</>;
}
