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

use std::collections::{BTreeSet, HashMap};

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
    qty: u64,
    level: u32,
    prev: u32,
    next: u32,
}

#[derive(Clone, Copy)]
struct Level {
    price: i64,
    head: u32,
    tail: u32,
    total: u64,
    count: u32,
    side: u8,
}

/// One side's price levels: a hash map finds a level by price in O(1); the ordered set is touched
/// only when a level appears or empties; the best level is cached.
#[derive(Default)]
struct Side {
    at: HashMap<i64, u32, FxBuildHasher>,
    prices: BTreeSet<i64>,
    best: Option<u32>,
}

/// The book. Orders and levels live in slabs (vectors with free lists) and link by index, so
/// adding, cancelling and filling touch no tree unless a price level appears or empties.
#[derive(Default)]
pub struct Book {
    orders: Vec<Order>,
    free_orders: Vec<u32>,
    index: HashMap<u64, u32, FxBuildHasher>,
    levels: Vec<Level>,
    free_levels: Vec<u32>,
    sides: [Side; 2],
    /// Trades produced by the last operation (cleared at the start of each one).
    pub trades: Vec<Trade>,
}

/// A price level as reported by `depth`: (price, total quantity, order count).
pub type LevelInfo = (i64, u64, u32);

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
        if tif == Tif::Fok && self.available(side, price, qty) < qty {
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
        let order = self.orders[slot as usize];
        let level = self.levels[order.level as usize];
        if price == level.price && qty <= order.qty {
            self.levels[order.level as usize].total -= order.qty - qty;
            self.orders[slot as usize].qty = qty;
            return Status::Ok;
        }
        self.remove(slot);
        let remaining = self.take(id, level.side, Some(price), qty);
        if remaining > 0 {
            self.rest(id, level.side, price, remaining);
        }
        Status::Ok
    }

    pub fn best_bid(&self) -> Option<LevelInfo> {
        self.depth(BUY, 1).first().copied()
    }

    pub fn best_ask(&self) -> Option<LevelInfo> {
        self.depth(SELL, 1).first().copied()
    }

    /// Up to `levels` price levels of one side, best first.
    pub fn depth(&self, side: u8, levels: usize) -> Vec<LevelInfo> {
        self.levels_best_first(side)
            .take(levels)
            .map(|l| (l.price, l.total, l.count))
            .collect()
    }

    /// Every resting order in priority order, bids best first then asks: (side, price, id, qty).
    pub fn snapshot(&self) -> Vec<(u8, i64, u64, u64)> {
        let mut out = Vec::with_capacity(self.index.len());
        for side in [BUY, SELL] {
            for level in self.levels_best_first(side) {
                let mut cursor = level.head;
                while cursor != NIL {
                    let o = &self.orders[cursor as usize];
                    out.push((side, level.price, o.id, o.qty));
                    cursor = o.next;
                }
            }
        }
        out
    }

    fn levels_best_first(&self, side: u8) -> Box<dyn Iterator<Item = &Level> + '_> {
        let s = &self.sides[side as usize];
        let level = move |p: &i64| &self.levels[s.at[p] as usize];
        if side == BUY { Box::new(s.prices.iter().rev().map(level)) } else { Box::new(s.prices.iter().map(level)) }
    }

    /// Quantity on the opposite side at prices `limit` accepts, counted up to `wanted`.
    fn available(&self, side: u8, limit: i64, wanted: u64) -> u64 {
        let mut sum = 0u64;
        for level in self.levels_best_first(1 - side) {
            if !crosses(side, Some(limit), level.price) || sum >= wanted {
                break;
            }
            sum += level.total;
        }
        sum
    }

    /// Trades `qty` against the opposite side; returns what is left.
    fn take(&mut self, taker: u64, side: u8, limit: Option<i64>, mut qty: u64) -> u64 {
        let opposite = (1 - side) as usize;
        while qty > 0 {
            let Some(slot) = self.sides[opposite].best else { break };
            let level = &mut self.levels[slot as usize];
            let price = level.price;
            if !crosses(side, limit, price) {
                break;
            }
            while qty > 0 && level.head != NIL {
                let order_slot = level.head;
                let maker = &mut self.orders[order_slot as usize];
                let fill = qty.min(maker.qty);
                self.trades.push(Trade { taker, maker: maker.id, price, qty: fill });
                maker.qty -= fill;
                level.total -= fill;
                qty -= fill;
                if maker.qty == 0 {
                    let (next, id) = (maker.next, maker.id);
                    level.head = next;
                    if next == NIL {
                        level.tail = NIL;
                    } else {
                        self.orders[next as usize].prev = NIL;
                    }
                    level.count -= 1;
                    self.index.remove(&id);
                    self.free_orders.push(order_slot);
                }
            }
            if level.count == 0 {
                self.drop_level(slot);
            }
        }
        qty
    }

    fn rest(&mut self, id: u64, side: u8, price: i64, qty: u64) {
        let level_slot = self.level_for(side, price);
        let level = &mut self.levels[level_slot as usize];
        let order = Order { id, qty, level: level_slot, prev: level.tail, next: NIL };
        let slot = match self.free_orders.pop() {
            Some(s) => {
                self.orders[s as usize] = order;
                s
            }
            None => {
                self.orders.push(order);
                (self.orders.len() - 1) as u32
            }
        };
        if level.tail == NIL {
            level.head = slot;
        } else {
            self.orders[level.tail as usize].next = slot;
        }
        level.tail = slot;
        level.total += qty;
        level.count += 1;
        self.index.insert(id, slot);
    }

    /// The level at `price`, created (and made best if it is) when there is none.
    fn level_for(&mut self, side: u8, price: i64) -> u32 {
        if let Some(&slot) = self.sides[side as usize].at.get(&price) {
            return slot;
        }
        let level = Level { price, head: NIL, tail: NIL, total: 0, count: 0, side };
        let slot = match self.free_levels.pop() {
            Some(s) => {
                self.levels[s as usize] = level;
                s
            }
            None => {
                self.levels.push(level);
                (self.levels.len() - 1) as u32
            }
        };
        let is_best = match self.sides[side as usize].best {
            None => true,
            Some(b) => better(side, price, self.levels[b as usize].price),
        };
        let s = &mut self.sides[side as usize];
        s.at.insert(price, slot);
        s.prices.insert(price);
        if is_best {
            s.best = Some(slot);
        }
        slot
    }

    fn drop_level(&mut self, slot: u32) {
        let Level { price, side, .. } = self.levels[slot as usize];
        let s = &mut self.sides[side as usize];
        s.at.remove(&price);
        s.prices.remove(&price);
        if s.best == Some(slot) {
            let next = if side == BUY { s.prices.range(..price).next_back() } else { s.prices.range(price..).next() };
            s.best = next.map(|p| s.at[p]);
        }
        self.free_levels.push(slot);
    }

    fn remove(&mut self, slot: u32) {
        let o = self.orders[slot as usize];
        self.index.remove(&o.id);
        if o.prev == NIL {
            self.levels[o.level as usize].head = o.next;
        } else {
            self.orders[o.prev as usize].next = o.next;
        }
        if o.next == NIL {
            self.levels[o.level as usize].tail = o.prev;
        } else {
            self.orders[o.next as usize].prev = o.prev;
        }
        let level = &mut self.levels[o.level as usize];
        level.total -= o.qty;
        level.count -= 1;
        if level.count == 0 {
            self.drop_level(o.level);
        }
        self.free_orders.push(slot);
    }
}

#[inline]
fn better(side: u8, a: i64, b: i64) -> bool {
    if side == BUY { a > b } else { a < b }
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
