import { EventName, SecType, type ContractDescription, type ContractDetails, type IBApi } from '@stoqey/ib';
import type { InstrumentDetails, SymbolMatch } from '../../../shared/domain/instrument-details.ts';
import type { Clock } from '../../engine/clock.ts';

/** How long IB may take to answer a search or a contract's details. */
const ANSWER_MS = 10_000;
/**
 * Request ids of these asks, far above any order id: on a session's connection IB's error for a
 * request carries its id, and the venue takes an error with an order's id as that order's.
 */
let nextReqId = 1_800_000_000;

export type IbAnswer<T> = { ok: true; value: T } | { ok: false; error: string };

/**
 * One request and its answer by request id: `listen` wires the answer's events (it calls `done`),
 * an error with the same id ends it with IB's words, and no answer within 10 s says so.
 */
export function askIb<T>(
  ib: IBApi,
  clock: Clock,
  what: string,
  listen: (reqId: number, done: (a: IbAnswer<T>) => void) => () => void,
  send: (reqId: number) => void,
): Promise<IbAnswer<T>> {
  const reqId = nextReqId++;
  return new Promise((resolve) => {
    const onError = (err: Error, code: number, id: number) => {
      if (id === reqId) finish({ ok: false, error: `${what}: IB answered ${code}: ${err.message}` });
    };
    const cancel = clock.after(ANSWER_MS, () => finish({ ok: false, error: `${what}: IB did not answer within ${ANSWER_MS / 1000} s` }));
    const finish = (a: IbAnswer<T>) => {
      cancel();
      unlisten();
      ib.off(EventName.error, onError);
      resolve(a);
    };
    const unlisten = listen(reqId, finish);
    ib.on(EventName.error, onError);
    send(reqId);
  });
}

/** IB's symbol search (`reqMatchingSymbols`): stocks first, as IB ranks them. */
export function searchSymbols(ib: IBApi, pattern: string, clock: Clock): Promise<IbAnswer<SymbolMatch[]>> {
  return askIb<SymbolMatch[]>(
    ib,
    clock,
    `searching "${pattern}"`,
    (reqId, done) => {
      const onSamples = (id: number, descriptions: ContractDescription[]) => {
        if (id !== reqId) return;
        done({
          ok: true,
          value: descriptions.map((d) => ({
            conId: d.contract?.conId ?? 0,
            symbol: d.contract?.symbol ?? '',
            secType: String(d.contract?.secType ?? ''),
            primaryExchange: d.contract?.primaryExch ?? '',
            currency: d.contract?.currency ?? '',
            description: (d.contract as { description?: string } | undefined)?.description ?? '',
          })),
        });
      };
      ib.on(EventName.symbolSamples, onSamples);
      return () => ib.off(EventName.symbolSamples, onSamples);
    },
    (reqId) => ib.reqMatchingSymbols(reqId, pattern),
  );
}

/**
 * A stock's details from IB (`reqContractDetails`): its conId, exchanges, currency, minimum tick,
 * multiplier, time zone and trading and liquid hours. More than one match (the same symbol on two
 * exchanges) is refused, naming them, so that the trader picks with --exchange or --currency.
 */
export async function resolveStock(
  ib: IBApi,
  stock: { symbol: string; exchange: string; currency: string },
  clock: Clock,
): Promise<IbAnswer<InstrumentDetails>> {
  const symbol = stock.symbol.trim().toUpperCase();
  const answer = await askIb<ContractDetails[]>(
    ib,
    clock,
    `the details of ${symbol}`,
    (reqId, done) => {
      const found: ContractDetails[] = [];
      const onDetails = (id: number, details: ContractDetails) => {
        if (id === reqId) found.push(details);
      };
      const onEnd = (id: number) => {
        if (id === reqId) done({ ok: true, value: found });
      };
      ib.on(EventName.contractDetails, onDetails);
      ib.on(EventName.contractDetailsEnd, onEnd);
      return () => {
        ib.off(EventName.contractDetails, onDetails);
        ib.off(EventName.contractDetailsEnd, onEnd);
      };
    },
    (reqId) => ib.reqContractDetails(reqId, { symbol, secType: SecType.STK, exchange: stock.exchange, currency: stock.currency }),
  );
  if (!answer.ok) return answer;
  const [first, ...others] = answer.value;
  if (!first) return { ok: false, error: `IB found no stock ${symbol} on ${stock.exchange} in ${stock.currency}` };
  if (others.length)
    return {
      ok: false,
      error: `${symbol} is more than one stock at IB (${answer.value.map((d) => `${d.contract.primaryExch} ${d.contract.currency}`).join(', ')}): name one with --exchange or --currency`,
    };
  const c = first.contract;
  return {
    ok: true,
    value: {
      id: `IB:${symbol}`,
      conId: c.conId ?? 0,
      symbol,
      secType: String(c.secType ?? 'STK'),
      exchange: c.exchange ?? stock.exchange,
      primaryExchange: c.primaryExch ?? '',
      currency: c.currency ?? stock.currency,
      longName: first.longName ?? '',
      minTick: first.minTick ?? 0.01,
      multiplier: Number(c.multiplier) || 1,
      timeZone: first.timeZoneId ?? '',
      tradingHours: first.tradingHours ?? '',
      liquidHours: first.liquidHours ?? '',
      resolvedAt: clock.now(),
    },
  };
}
