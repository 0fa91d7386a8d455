//! Quorum's native module: an L3 limit order book with price-time priority, and the Node-API
//! binding that exposes it. No dependencies (crates.io is unreachable from the build machines).

pub mod book;
mod binding;
mod napi;
mod fx_hash;
