import { useState } from 'react';
import type { InstrumentId } from '../../shared/domain/instrument.ts';
import { hasLimitPrice, hasStopPrice, TIMES_IN_FORCE, type OrderType, type TimeInForce } from '../../shared/domain/orders.ts';
import { useApi } from './api-context.ts';
import { LadderDialog } from './ladder-dialog.tsx';

const TYPES: { type: OrderType; label: string }[] = [
  { type: 'market', label: 'Market' },
  { type: 'limit', label: 'Limit' },
  { type: 'stop', label: 'Stop' },
  { type: 'stop_limit', label: 'Stop-limit' },
];

/** A price field's problem before anything is sent, or null. */
const priceProblem = (text: string) => (text.trim() === '' ? 'required' : Number(text) > 0 ? null : 'a positive number');

/**
 * An order ticket with every order type: market, limit, stop and stop-limit, its time in force and
 * whether it may trade outside regular hours. What the form can tell is said next to the field;
 * what the engine refuses (lots, ticks, the pre-trade gate) is said under the form.
 */
export function OrderDialog(props: { instrumentId: InstrumentId; quantity: string; onClose: () => void }) {
  const api = useApi();
  const [form, setForm] = useState({
    side: 'buy' as 'buy' | 'sell',
    type: 'limit' as OrderType,
    quantity: props.quantity,
    limitPrice: '',
    stopPrice: '',
    timeInForce: 'gtc' as TimeInForce,
    outsideRth: false,
  });
  const [problem, setProblem] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const quantity = Number(form.quantity);
  const problems = {
    quantity: Number.isInteger(quantity) && quantity > 0 ? null : 'a whole number above 0',
    limitPrice: hasLimitPrice(form.type) ? priceProblem(form.limitPrice) : null,
    stopPrice: hasStopPrice(form.type) ? priceProblem(form.stopPrice) : null,
  };
  const ready = Object.values(problems).every((p) => p === null) && !sending;
  const setType = (type: OrderType) =>
    setForm({ ...form, type, timeInForce: TIMES_IN_FORCE[type].includes(form.timeInForce) ? form.timeInForce : TIMES_IN_FORCE[type][0]! });

  const send = async () => {
    setSending(true);
    try {
      await api.orders.submit({
        instrumentId: props.instrumentId,
        side: form.side,
        type: form.type,
        quantity,
        ...(hasLimitPrice(form.type) ? { limitPrice: Number(form.limitPrice) } : {}),
        ...(hasStopPrice(form.type) ? { stopPrice: Number(form.stopPrice) } : {}),
        timeInForce: form.timeInForce,
        ...(form.outsideRth ? { outsideRth: true } : {}),
      });
      props.onClose();
    } catch (err) {
      setProblem((err as Error).message.replace(/^orders\.submit: /, ''));
    } finally {
      setSending(false);
    }
  };

  const priceField = (key: 'quantity' | 'limitPrice' | 'stopPrice', label: string) => (
    <label style={{ display: 'contents' }}>
      <span>{label}</span>
      <span className="field">
        <input
          name={key}
          value={form[key]}
          aria-invalid={problems[key] !== null}
          onChange={(e) => setForm({ ...form, [key]: e.target.value })}
        />
        {problems[key] && form[key] !== '' && <small className="field-problem">{problems[key]}</small>}
      </span>
    </label>
  );
  return (
    <LadderDialog
      label="Order ticket"
      title={`New order · ${props.instrumentId}`}
      testId="order-dialog"
      onClose={props.onClose}
      actions={
        <button className="btn btn-resume" disabled={!ready} onClick={() => void send()} data-testid="order-send">
          Send {form.side}
        </button>
      }
    >
      <div className="limits-form">
        <span>Side</span>
        <select name="side" value={form.side} onChange={(e) => setForm({ ...form, side: e.target.value as 'buy' | 'sell' })}>
          <option value="buy">buy</option>
          <option value="sell">sell</option>
        </select>
        <span>Type</span>
        <select name="type" value={form.type} onChange={(e) => setType(e.target.value as OrderType)}>
          {TYPES.map((t) => (
            <option key={t.type} value={t.type}>
              {t.label}
            </option>
          ))}
        </select>
        {priceField('quantity', 'Quantity')}
        {hasStopPrice(form.type) && priceField('stopPrice', 'Stop price')}
        {hasLimitPrice(form.type) && priceField('limitPrice', 'Limit price')}
        <span>Time in force</span>
        <select
          name="timeInForce"
          value={form.timeInForce}
          onChange={(e) => setForm({ ...form, timeInForce: e.target.value as TimeInForce })}
        >
          {TIMES_IN_FORCE[form.type].map((t) => (
            <option key={t} value={t}>
              {t.toUpperCase()}
            </option>
          ))}
        </select>
        <span>Outside regular hours</span>
        <input
          type="checkbox"
          name="outsideRth"
          checked={form.outsideRth}
          onChange={(e) => setForm({ ...form, outsideRth: e.target.checked })}
          title="Interactive Brokers may fill it outside the instrument's regular trading hours; the simulated venues trade around the clock"
        />
      </div>
      {hasStopPrice(form.type) && (
        <p className="note">
          Waits until the market trades at or {form.side === 'buy' ? 'above' : 'below'} the stop, then{' '}
          {form.type === 'stop' ? 'trades at the market' : 'works as a limit order'}.
        </p>
      )}
      {problem && (
        <p className="problem" role="alert">
          {problem}
        </p>
      )}
    </LadderDialog>
  );
}
