import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef, type ReactNode } from 'react';

const ROW_HEIGHT = 20;

/** Spread on a row's <tr> to have its real height measured (a row that wraps or opens); rows without it count as 20 px. */
export interface MeasuredRow {
  'data-index': number;
  ref: (row: Element | null) => void;
}

/**
 * A table body that renders only the rows in view (a blotter can hold thousands of fills, a fast
 * replay streams a hundred signals a second). The header stays a normal <thead>; the rows out of
 * view are two spacer rows.
 */
export function VirtualRows<T>(props: {
  rows: readonly T[];
  header: ReactNode;
  row: (item: T, measured: MeasuredRow) => ReactNode;
  testId: string;
  rowKey: (item: T) => string;
  className?: string;
}) {
  const scroll = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: props.rows.length,
    getScrollElement: () => scroll.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    // Sizes belong to rows, not places: a feed adds its rows at the top.
    getItemKey: (index) => {
      const row = props.rows[index];
      return row === undefined ? index : props.rowKey(row);
    },
    // A row's height comes from the resize observer after layout, never by forcing a layout while React commits.
    measureElement: (row, entry, instance) => {
      const box = entry?.borderBoxSize[0];
      if (box) return Math.round(box.blockSize);
      return instance.itemSizeCache.get(instance.options.getItemKey(instance.indexFromElement(row))) ?? ROW_HEIGHT;
    },
  });
  const items = virtualizer.getVirtualItems();
  const before = items[0]?.start ?? 0;
  const after = virtualizer.getTotalSize() - (items.at(-1)?.end ?? 0);
  return (
    <div ref={scroll} className="virtual-scroll" data-rows={props.rows.length}>
      <table className={`grid-table ${props.className ?? ''}`} data-testid={props.testId}>
        <thead>{props.header}</thead>
        <tbody>
          {before > 0 && <tr style={{ height: before }} aria-hidden />}
          {items.map((v) => {
            const item = props.rows[v.index]!;
            return <RowKey key={props.rowKey(item)}>{props.row(item, { 'data-index': v.index, ref: virtualizer.measureElement })}</RowKey>;
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
