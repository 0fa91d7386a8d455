//! Times the book on an operations file written by JavaScript (Float64 × 6 per op):
//! `cargo run --release --example replay_file -- /tmp/ops.f64`.
use quorum_native::book::{Book, Tif};
use std::time::Instant;

fn main() {
    let path = std::env::args().nth(1).expect("path to a Float64 ops file");
    let bytes = std::fs::read(path).expect("readable file");
    let ops: Vec<f64> = bytes.chunks_exact(8).map(|c| f64::from_le_bytes(c.try_into().unwrap())).collect();
    for _ in 0..3 {
        let mut book = Book::new();
        let t = Instant::now();
        for op in ops.chunks_exact(6) {
            match op[0] as u8 {
                0 => { book.add(op[1] as u64, op[2] as u8, op[3] as i64, op[4] as u64, Tif::Gtc); }
                1 => { book.cancel(op[1] as u64); }
                2 => { book.modify(op[1] as u64, op[3] as i64, op[4] as u64); }
                _ => { book.market(op[1] as u64, op[2] as u8, op[4] as u64); }
            }
        }
        println!("{:.2} M ops/s, {} resting", (ops.len() / 6) as f64 / t.elapsed().as_secs_f64() / 1e6, book.order_count());
    }
}
