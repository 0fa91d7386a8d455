import { useState } from 'react';
import { Panel } from '../../components/panel.tsx';
import { useOrders } from '../../state/orders-store.ts';
import { AlgosTab } from './algos-tab.tsx';
import { FillsTab } from './fills-tab.tsx';
import { OpenOrdersTab } from './open-orders-tab.tsx';
import { PositionsTab } from './positions-tab.tsx';
import { CostsTab } from './costs-tab.tsx';
import { Tabs } from '../../components/tabs.tsx';

const TABS = { Orders: OpenOrdersTab, Fills: FillsTab, Positions: PositionsTab, Algos: AlgosTab, Costs: CostsTab } as const;
type Tab = keyof typeof TABS;

/** Open orders (with amend and cancel), fills, positions, the algorithms' parent orders and what trading cost, one tab each. */
export function BlotterPanel() {
  const [tab, setTab] = useState<Tab>('Orders');
  const openCount = useOrders((s) => s.open.length);
  const Body = TABS[tab];
  const tabs = (
    <Tabs
      tabs={Object.keys(TABS) as Tab[]}
      current={tab}
      onChange={setTab}
      suffix={(t) => (t === 'Orders' && openCount ? ` (${openCount})` : '')}
    />
  );
  return (
    <Panel title="Blotter" id="blotter" area="blotter" actions={tabs}>
      <Body />
    </Panel>
  );
}
