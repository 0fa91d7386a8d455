import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { createPortal } from 'react-dom';
import type { Instrument, InstrumentId } from '../../shared/domain/instrument.ts';
import type { SymbolMatch } from '../../shared/domain/instrument-details.ts';
import { useMarket } from '../state/market-store.ts';
import { useApi } from './api-context.ts';

/** How long typing must pause before the engine is asked (IB is asked too: not on every key). */
const TYPING_PAUSE_MS = 250;

type Choice = { kind: 'session'; instrument: Instrument } | { kind: 'ib'; match: SymbolMatch };
type Found = { text: string; choices: Choice[]; ibError: string | null };

/** Ctrl+K (⌘K on a Mac) opens the symbol search from anywhere in the workstation. */
export function useSymbolSearchShortcut(open: () => void): void {
  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && !e.shiftKey && !e.altKey && e.key.toLowerCase() === 'k') {
        e.preventDefault();
        open();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [open]);
}

/**
 * The symbol search, keyboard first: type, the arrows move, Enter picks, Escape closes. The
 * session's instruments come first (Enter shows one on the chart, the ladder and the tape); IB's
 * stocks below them (Enter adds one to the IB session's symbols, resolved through IB).
 */
export function SymbolSearch(props: { onClose: () => void }) {
  const api = useApi();
  const [text, setText] = useState('');
  const [found, setFound] = useState<Found | null>(null);
  const [at, setAt] = useState(0);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), []);

  useEffect(() => {
    const wanted = text.trim();
    if (!wanted) return setFound(null);
    let current = true;
    const timer = setTimeout(() => {
      api.instruments.search({ text: wanted }).then(
        (r) => {
          if (!current) return;
          setFound({
            text: wanted,
            choices: [
              ...r.session.map((instrument): Choice => ({ kind: 'session', instrument })),
              ...r.ib.map((match): Choice => ({ kind: 'ib', match })),
            ],
            ibError: r.ibError,
          });
          setAt(0);
        },
        (err: Error) => current && setFound({ text: wanted, choices: [], ibError: err.message }),
      );
    }, TYPING_PAUSE_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [api, text]);

  const pick = (choice: Choice) => {
    if (choice.kind === 'session') {
      useMarket.getState().select(choice.instrument.id as InstrumentId);
      return props.onClose();
    }
    // Orders route SMART, in the stock's currency (IB's search names its primary exchange too).
    const { symbol, currency } = choice.match;
    setBusy(true);
    setOutcome({ ok: true, text: `resolving ${symbol} at IB…` });
    api.instruments.add({ symbol, currency }).then(
      (r) => {
        setBusy(false);
        setOutcome({ ok: true, text: r.message });
      },
      (err: Error) => {
        setBusy(false);
        setOutcome({ ok: false, text: err.message });
      },
    );
  };
  const choices = found?.choices ?? [];
  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'Escape') return props.onClose();
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      setAt((k) => Math.min(Math.max(0, choices.length - 1), Math.max(0, k + (e.key === 'ArrowDown' ? 1 : -1))));
    }
    if (e.key === 'Enter' && !busy && choices[at]) pick(choices[at]);
  };

  return createPortal(
    <div className="modal-backdrop" onClick={props.onClose}>
      <div
        className="modal symbol-search"
        role="dialog"
        aria-label="Symbol search"
        data-testid="symbol-search"
        onClick={(e) => e.stopPropagation()}
      >
        <input
          ref={input}
          className="symbol-search-input"
          aria-label="Symbol"
          placeholder="Symbol or name: the session's instruments, and IB's stocks"
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={onKey}
          aria-activedescendant={choices[at] ? `symbol-choice-${at}` : undefined}
        />
        <ul className="symbol-choices" role="listbox" aria-label="Matches">
          {choices.map((c, k) => (
            <li
              key={c.kind === 'session' ? c.instrument.id : `IB:${c.match.conId}`}
              id={`symbol-choice-${k}`}
              role="option"
              aria-selected={k === at}
              className={k === at ? 'selected' : undefined}
              onMouseEnter={() => setAt(k)}
              onClick={() => !busy && pick(c)}
            >
              {c.kind === 'session' ? (
                <>
                  <strong>{c.instrument.symbol}</strong> <span className="note">{c.instrument.id} · in this session: show it</span>
                </>
              ) : (
                <>
                  <strong>{c.match.symbol}</strong> {c.match.description}{' '}
                  <span className="note">
                    {c.match.primaryExchange} · {c.match.currency} · IB: add it
                  </span>
                </>
              )}
            </li>
          ))}
        </ul>
        {found && choices.length === 0 && !found.ibError && <p className="note">Nothing matches “{found.text}”.</p>}
        {found?.ibError && (
          <p className="note" data-testid="symbol-search-ib-error">
            {found.ibError}
          </p>
        )}
        {outcome && (
          <p className={outcome.ok ? 'note' : 'note error'} data-testid="symbol-search-outcome">
            {outcome.text}
          </p>
        )}
        <p className="note">↑ ↓ to move · Enter to pick · Esc to close</p>
      </div>
    </div>,
    document.body,
  );
}
