/** A panel's tab row: one button per tab, the current one marked; `suffix` adds a count to a tab's name. */
export function Tabs<T extends string>(props: { tabs: readonly T[]; current: T; onChange: (tab: T) => void; suffix?: (tab: T) => string }) {
  return (
    <div className="tabs" role="tablist">
      {props.tabs.map((t) => (
        <button
          key={t}
          role="tab"
          aria-selected={t === props.current}
          className={t === props.current ? 'tab active' : 'tab'}
          onClick={() => props.onChange(t)}
        >
          {t}
          {props.suffix?.(t) ?? ''}
        </button>
      ))}
    </div>
  );
}
