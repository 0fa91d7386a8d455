/** A contract the fake gateway knows, with what `reqContractDetails` tells of it. */
export interface FakeContract {
  conId: number;
  symbol: string;
  secType: string;
  primaryExchange: string;
  currency: string;
  longName: string;
  minTick: number;
  timeZone: string;
  tradingHours: string;
  liquidHours: string;
}

const US_HOURS = '20241202:0400-20241202:2000;20241203:0400-20241203:2000;20241207:CLOSED';
const US_LIQUID = '20241202:0930-20241202:1600;20241203:0930-20241203:1600;20241207:CLOSED';

/** The contracts a new fake gateway knows (IB's real conIds for these). */
export const FAKE_CONTRACTS: readonly FakeContract[] = [
  {
    conId: 265598,
    symbol: 'AAPL',
    secType: 'STK',
    primaryExchange: 'NASDAQ',
    currency: 'USD',
    longName: 'APPLE INC',
    minTick: 0.01,
    timeZone: 'US/Eastern',
    tradingHours: US_HOURS,
    liquidHours: US_LIQUID,
  },
  {
    conId: 272093,
    symbol: 'MSFT',
    secType: 'STK',
    primaryExchange: 'NASDAQ',
    currency: 'USD',
    longName: 'MICROSOFT CORP',
    minTick: 0.01,
    timeZone: 'US/Eastern',
    tradingHours: US_HOURS,
    liquidHours: US_LIQUID,
  },
  {
    conId: 756733,
    symbol: 'SPY',
    secType: 'STK',
    primaryExchange: 'ARCA',
    currency: 'USD',
    longName: 'SPDR S&P 500 ETF TRUST',
    minTick: 0.01,
    timeZone: 'US/Eastern',
    tradingHours: US_HOURS,
    liquidHours: US_LIQUID,
  },
  {
    conId: 4215235,
    symbol: 'AMZN',
    secType: 'STK',
    primaryExchange: 'NASDAQ',
    currency: 'USD',
    longName: 'AMAZON.COM INC',
    minTick: 0.01,
    timeZone: 'US/Eastern',
    tradingHours: US_HOURS,
    liquidHours: US_LIQUID,
  },
  {
    conId: 8894,
    symbol: 'BRK B',
    secType: 'STK',
    primaryExchange: 'NYSE',
    currency: 'USD',
    longName: 'BERKSHIRE HATHAWAY INC-CL B',
    minTick: 0.01,
    timeZone: 'US/Eastern',
    tradingHours: US_HOURS,
    liquidHours: US_LIQUID,
  },
  {
    conId: 38709539,
    symbol: 'SAP',
    secType: 'STK',
    primaryExchange: 'IBIS',
    currency: 'EUR',
    longName: 'SAP SE',
    minTick: 0.02,
    timeZone: 'MET',
    tradingHours: '20241202:0800-20241202:2200',
    liquidHours: '20241202:0900-20241202:1730',
  },
];

/**
 * Symbol search and contract details as TWS answers them at server version 193: `symbolSamples`
 * (79) for reqMatchingSymbols (81), `contractData` (10) then `contractDataEnd` (52) for
 * reqContractDetails (9), and 200 for a contract it does not know.
 */
export class FakeContracts {
  readonly contracts: FakeContract[] = [...FAKE_CONTRACTS];

  /** reqMatchingSymbols: [81, reqId, pattern] → symbols that begin with it, then names that contain it. */
  search(fields: readonly string[]): (string | number)[] {
    const reqId = Number(fields[1]);
    const pattern = (fields[2] ?? '').toUpperCase();
    const matches = [
      ...this.contracts.filter((c) => c.symbol.startsWith(pattern)),
      ...this.contracts.filter((c) => !c.symbol.startsWith(pattern) && c.longName.includes(pattern)),
    ].slice(0, 16);
    return [
      79,
      reqId,
      matches.length,
      ...matches.flatMap((c) => [c.conId, c.symbol, c.secType, c.primaryExchange, c.currency, 0, c.longName, '']),
    ];
  }

  /**
   * reqContractDetails: [9, 8, reqId, conId, symbol, secType, expiry, strike, right, multiplier,
   * exchange, primaryExch, currency, …]. Returns the messages to send, or the error.
   */
  details(
    fields: readonly string[],
  ): { reqId: number; messages: (string | number)[][] } | { reqId: number; error: { code: number; text: string } } {
    const reqId = Number(fields[2]);
    const conId = Number(fields[3]);
    const symbol = fields[4] ?? '';
    const currency = fields[12] ?? '';
    const exchange = fields[10] || 'SMART';
    const found = this.contracts.filter((c) =>
      conId > 0 ? c.conId === conId : c.symbol === symbol && (!currency || c.currency === currency),
    );
    if (found.length === 0) return { reqId, error: { code: 200, text: 'No security definition has been found for the request' } };
    return { reqId, messages: [...found.map((c) => contractData(reqId, c, exchange)), [52, 1, reqId]] };
  }
}

function contractData(reqId: number, c: FakeContract, exchange: string): (string | number)[] {
  return [
    10,
    reqId,
    c.symbol,
    c.secType,
    '',
    '',
    0,
    '',
    exchange,
    c.currency,
    c.symbol,
    'NMS',
    'NMS',
    c.conId,
    c.minTick,
    1,
    'ACTIVETIM,LMT,MKT,STP',
    'SMART,AMEX,NYSE,NASDAQ,ARCA',
    1,
    0,
    c.longName,
    c.primaryExchange,
    '',
    'Technology',
    'Computers',
    'Computers',
    c.timeZone,
    c.tradingHours,
    c.liquidHours,
    '',
    0,
    0,
    1,
    '',
    '',
    '26,26',
    '',
    'COMMON',
    1,
    1,
    1,
    0,
  ];
}
