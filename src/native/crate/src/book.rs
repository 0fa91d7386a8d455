//! The limit order book. Prices are integer ticks and quantities integer units, so the native book
//! and its TypeScript twin (src/native/ts-order-book.ts) agree exactly. Semantics, shared by both:
//!
//! - `add` (limit): trades against the opposite side while its price crosses, at the resting
//!   orders' prices, best price first and oldest first within a price; the remainder rests (GTC),
//!   is dropped (IOC), or — FOK — nothing happens unless the whole quantity can trade at once.
//! - `market`: walks the opposite side; the unfilled remainder is dropped.
//! - `cancel`: removes a resting order.
//! - `modify`: sets a resting order's price and remaining quantity. A pure size decrease keeps its
//!   place in the queue; a price change or a size increase re-enters it as a new order (which may
//!   trade, with this order as the taker).
//! - Bad input (zero quantity, non-positive price, an unknown or duplicate id) changes nothing and
//!   returns a status code.

use std::collections::btree_map::Entry;
use std::collections::{BTreeMap, HashMap};

use crate::fx_hash::FxBuildHasher;

pub const BUY: u8 = 0;
pub const SELL: u8 = 1;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[repr(u8)]
pub enum Tif {
    Gtc = 0,
    Ioc = 1,
    Fok = 2,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[repr(u8)]
pub enum Status {
    Ok = 0,
    UnknownId = 1,
    DuplicateId = 2,
    Invalid = 3,
    Killed = 4,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Trade {
    pub taker: u64,
    pub maker: u64,
    pub price: i64,
    pub qty: u64,
}

const NIL: u32 = u32::MAX;

#[derive(Clone, Copy)]
struct Order {
    id: u64,
    price: i64,
    qty: u64,
    side: u8,
    prev: u32,
    next: u32,
}

#[derive(Clone, Copy)]
pub struct Level {
    head: u32,
    tail: u32,
    pub total: u64,
    pub count: u32,
}

#[derive(Default)]
pub struct Book {
    slots: Vec<Order>,
    free: Vec<u32>,
    index: HashMap<u64, u32, FxBuildHasher>,
    bids: BTreeMap<i64, Level>,
    asks: BTreeMap<i64, Level>,
    /// Trades produced by the last operation (cleared at the start of each one).
    pub trades: Vec<Trade>,
}

impl Book {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn contains(&self, id: u64) -> bool {
        self.index.contains_key(&id)
    }

    pub fn order_count(&self) -> usize {
        self.index.len()
    }

    pub fn add(&mut self, id: u64, side: u8, price: i64, qty: u64, tif: Tif) -> Status {
        self.trades.clear();
        if qty == 0 || price <= 0 || side > SELL {
            return Status::Invalid;
        }
        if self.index.contains_key(&id) {
            return Status::DuplicateId;
        }
        if tif == Tif::Fok && self.available(side, Some(price), qty) < qty {
            return Status::Killed;
        }
        let remaining = self.take(id, side, Some(price), qty);
        if remaining > 0 && tif == Tif::Gtc {
            self.rest(id, side, price, remaining);
        }
        Status::Ok
    }

    pub fn market(&mut self, id: u64, side: u8, qty: u64) -> Status {
        self.trades.clear();
        if qty == 0 || side > SELL {
            return Status::Invalid;
        }
        self.take(id, side, None, qty);
        Status::Ok
    }

    pub fn cancel(&mut self, id: u64) -> Status {
        self.trades.clear();
        match self.index.get(&id) {
            Some(&slot) => {
                self.remove(slot);
                Status::Ok
            }
            None => Status::UnknownId,
        }
    }

    pub fn modify(&mut self, id: u64, price: i64, qty: u64) -> Status {
        self.trades.clear();
        let Some(&slot) = self.index.get(&id) else { return Status::UnknownId };
        if qty == 0 || price <= 0 {
            return Status::Invalid;
        }
        let order = self.slots[slot as usize];
        if price == order.price && qty <= order.qty {
            let level = self.side_mut(order.side).get_mut(&order.price).expect("level of a resting order");
            level.total -= order.qty - qty;
            self.slots[slot as usize].qty = qty;
            return Status::Ok;
        }
        self.remove(slot);
        let remaining = self.take(id, order.side, Some(price), qty);
        if remaining > 0 {
            self.rest(id, order.side, price, remaining);
        }
        Status::Ok
    }

    pub fn best_bid(&self) -> Option<(i64, &Level)> {
        self.bids.iter().next_back().map(|(p, l)| (*p, l))
    }

    pub fn best_ask(&self) -> Option<(i64, &Level)> {
        self.asks.iter().next().map(|(p, l)| (*p, l))
    }

    /// Up to `levels` price levels of one side, best first: (price, total quantity, order count).
    pub fn depth(&self, side: u8, levels: usize) -> Vec<(i64, u64, u32)> {
        let map = if side == BUY { &self.bids } else { &self.asks };
        let iter: Box<dyn Iterator<Item = (&i64, &Level)>> = if side == BUY { Box::new(map.iter().rev()) } else { Box::new(map.iter()) };
        iter.take(levels).map(|(p, l)| (*p, l.total, l.count)).collect()
    }

    /// Every resting order in priority order: bids best-first, then asks best-first.
    pub fn snapshot(&self) -> Vec<(u8, i64, u64, u64)> {
        let mut out = Vec::with_capacity(self.index.len());
        for (side, iter) in [
            (BUY, Box::new(self.bids.iter().rev()) as Box<dyn Iterator<Item = (&i64, &Level)>>),
            (SELL, Box::new(self.asks.iter())),
        ] {
            for (price, level) in iter {
                let mut cursor = level.head;
                while cursor != NIL {
                    let o = &self.slots[cursor as usize];
                    out.push((side, *price, o.id, o.qty));
                    cursor = o.next;
                }
            }
        }
        out
    }

    fn side_mut(&mut self, side: u8) -> &mut BTreeMap<i64, Level> {
        if side == BUY { &mut self.bids } else { &mut self.asks }
    }

    /// Quantity on the opposite side at prices `limit` accepts, counted up to `wanted`.
    fn available(&self, side: u8, limit: Option<i64>, wanted: u64) -> u64 {
        let mut sum = 0u64;
        let levels: Box<dyn Iterator<Item = (&i64, &Level)>> = if side == BUY { Box::new(self.asks.iter()) } else { Box::new(self.bids.iter().rev()) };
        for (price, level) in levels {
            if !crosses(side, limit, *price) || sum >= wanted {
                break;
            }
            sum += level.total;
        }
        sum
    }

    /// Trades `qty` against the opposite side; returns what is left.
    fn take(&mut self, taker: u64, side: u8, limit: Option<i64>, mut qty: u64) -> u64 {
        while qty > 0 {
            let book = if side == BUY { &mut self.asks } else { &mut self.bids };
            let mut entry = match if side == BUY { book.first_entry() } else { book.last_entry() } {
                Some(e) => e,
                None => break,
            };
            let price = *entry.key();
            if !crosses(side, limit, price) {
                break;
            }
            let level = entry.get_mut();
            while qty > 0 && level.head != NIL {
                let slot = level.head;
                let maker = &mut self.slots[slot as usize];
                let fill = qty.min(maker.qty);
                self.trades.push(Trade { taker, maker: maker.id, price, qty: fill });
                maker.qty -= fill;
                level.total -= fill;
                qty -= fill;
                if maker.qty == 0 {
                    let next = maker.next;
                    let id = maker.id;
                    level.head = next;
                    if next == NIL {
                        level.tail = NIL;
                    } else {
                        self.slots[next as usize].prev = NIL;
                    }
                    level.count -= 1;
                    self.index.remove(&id);
                    self.free.push(slot);
                }
            }
            if level.head == NIL {
                entry.remove();
            }
        }
        qty
    }

    fn rest(&mut self, id: u64, side: u8, price: i64, qty: u64) {
        let order = Order { id, price, qty, side, prev: NIL, next: NIL };
        let slot = match self.free.pop() {
            Some(s) => {
                self.slots[s as usize] = order;
                s
            }
            None => {
                self.slots.push(order);
                (self.slots.len() - 1) as u32
            }
        };
        self.index.insert(id, slot);
        let map = if side == BUY { &mut self.bids } else { &mut self.asks };
        match map.entry(price) {
            Entry::Vacant(v) => {
                v.insert(Level { head: slot, tail: slot, total: qty, count: 1 });
            }
            Entry::Occupied(mut o) => {
                let level = o.get_mut();
                let tail = level.tail;
                self.slots[slot as usize].prev = tail;
                self.slots[tail as usize].next = slot;
                level.tail = slot;
                level.total += qty;
                level.count += 1;
            }
        }
    }

    fn remove(&mut self, slot: u32) {
        let o = self.slots[slot as usize];
        self.index.remove(&o.id);
        let map = if o.side == BUY { &mut self.bids } else { &mut self.asks };
        let Entry::Occupied(mut entry) = map.entry(o.price) else { unreachable!("resting order without a level") };
        let level = entry.get_mut();
        if o.prev == NIL { level.head = o.next } else { self.slots[o.prev as usize].next = o.next }
        if o.next == NIL { level.tail = o.prev } else { self.slots[o.next as usize].prev = o.prev }
        level.total -= o.qty;
        level.count -= 1;
        if level.count == 0 {
            entry.remove();
        }
        self.free.push(slot);
    }
}

#[inline]
fn crosses(side: u8, limit: Option<i64>, resting: i64) -> bool {
    match limit {
        None => true,
        Some(p) => if side == BUY { resting <= p } else { resting >= p },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn price_time_priority_and_partial_fills() {
        let mut b = Book::new();
        assert_eq!(b.add(1, SELL, 101, 5, Tif::Gtc), Status::Ok);
        assert_eq!(b.add(2, SELL, 100, 5, Tif::Gtc), Status::Ok);
        assert_eq!(b.add(3, SELL, 100, 5, Tif::Gtc), Status::Ok);
        assert_eq!(b.add(4, BUY, 101, 12, Tif::Gtc), Status::Ok);
        assert_eq!(
            b.trades,
            vec![
                Trade { taker: 4, maker: 2, price: 100, qty: 5 },
                Trade { taker: 4, maker: 3, price: 100, qty: 5 },
                Trade { taker: 4, maker: 1, price: 101, qty: 2 },
            ]
        );
        assert_eq!(b.snapshot(), vec![(SELL, 101, 1, 3)]);
    }

    #[test]
    fn modify_keeps_priority_only_for_a_size_decrease() {
        let mut b = Book::new();
        b.add(1, BUY, 100, 5, Tif::Gtc);
        b.add(2, BUY, 100, 5, Tif::Gtc);
        b.modify(1, 100, 3);
        assert_eq!(b.snapshot(), vec![(BUY, 100, 1, 3), (BUY, 100, 2, 5)]);
        b.modify(1, 100, 4);
        assert_eq!(b.snapshot(), vec![(BUY, 100, 2, 5), (BUY, 100, 1, 4)]);
    }

    #[test]
    fn fok_is_all_or_nothing_and_bad_input_changes_nothing() {
        let mut b = Book::new();
        b.add(1, SELL, 100, 5, Tif::Gtc);
        assert_eq!(b.add(2, BUY, 100, 6, Tif::Fok), Status::Killed);
        assert!(b.trades.is_empty());
        assert_eq!(b.add(1, BUY, 99, 1, Tif::Gtc), Status::DuplicateId);
        assert_eq!(b.add(3, BUY, 99, 0, Tif::Gtc), Status::Invalid);
        assert_eq!(b.cancel(42), Status::UnknownId);
        assert_eq!(b.snapshot(), vec![(SELL, 100, 1, 5)]);
    }
}
