/** An order id, cut to the panel's width (an agent's ids name the session, instrument and bar); whole on hover. */
export function OrderId(props: { id: string }) {
  return (
    <span className="order-id" title={props.id}>
      {props.id}
    </span>
  );
}

export const money = (x: number) => x.toLocaleString('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 });
