//! Pure-Rust throughput of the book on a workload shaped like `quorum bench book` (no Node-API),
//! to tell the book's own cost from the binding's: `cargo run --release --example book_throughput`.
use quorum_native::book::{Book, Tif};
use std::time::Instant;

fn main() {
    let n = 1_000_000usize;
    let mut state = 0x9e3779b97f4a7c15u64;
    let mut rnd = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state >> 11) as f64 / (1u64 << 53) as f64
    };
    let mut ops = Vec::with_capacity(n);
    let mut live: Vec<u64> = Vec::new();
    let (mut next, mut mid) = (1u64, 100_000i64);
    for _ in 0..n {
        let roll = rnd();
        if roll < 0.02 { mid += if rnd() < 0.5 { -1 } else { 1 }; }
        if roll < 0.6 || live.is_empty() {
            let side = (rnd() < 0.5) as u8;
            let aggressive = rnd() < 0.1;
            let off = 1 + (rnd() * 10.0) as i64;
            let price = if side == 0 { if aggressive { mid + off } else { mid - off } } else if aggressive { mid - off } else { mid + off };
            ops.push((0u8, next, side, price, 1 + (rnd() * 100.0) as u64));
            live.push(next);
            next += 1;
        } else if roll < 0.9 {
            let k = (rnd() * live.len() as f64) as usize;
            let id = live.swap_remove(k);
            ops.push((1, id, 0, 0, 0));
        } else {
            ops.push((3, next, (rnd() < 0.5) as u8, 0, 1 + (rnd() * 200.0) as u64));
            next += 1;
        }
    }
    for _ in 0..3 {
        let mut book = Book::new();
        let t = Instant::now();
        let mut trades = 0usize;
        for &(op, id, side, price, qty) in &ops {
            match op {
                0 => { book.add(id, side, price, qty, Tif::Gtc); }
                1 => { book.cancel(id); }
                _ => { book.market(id, side, qty); }
            }
            trades += book.trades.len();
        }
        let s = t.elapsed().as_secs_f64();
        println!("{:.2} M ops/s, {} trades, {} resting", n as f64 / s / 1e6, trades, book.order_count());
    }
}
