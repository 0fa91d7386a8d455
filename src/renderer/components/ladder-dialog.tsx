import type { ReactNode } from 'react';
import { createPortal } from 'react-dom';

/**
 * A dialog opened from the ladder, shown over the whole page (a panel contains its own layout and
 * paint): a title, its form, and its actions beside Cancel. A click outside closes it.
 */
export function LadderDialog(props: {
  label: string;
  title: string;
  testId: string;
  wide?: boolean;
  onClose: () => void;
  actions: ReactNode;
  children: ReactNode;
}) {
  return createPortal(
    <div className="modal-backdrop" onClick={props.onClose}>
      <div
        className={props.wide ? 'modal modal-wide' : 'modal'}
        role="dialog"
        aria-label={props.label}
        onClick={(e) => e.stopPropagation()}
        data-testid={props.testId}
      >
        <h3 className="modal-title">{props.title}</h3>
        {props.children}
        <div className="modal-actions">
          {props.actions}
          <button className="btn" onClick={props.onClose}>
            Cancel
          </button>
        </div>
      </div>
    </div>,
    document.body,
  );
}
