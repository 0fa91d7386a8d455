//! The JavaScript face of the book. A book is a JS external owning a `Box<Native>`; the functions
//! take it as their first argument. Numbers cross as doubles (integers below 2^53 are exact), and
//! batches cross as Float64Arrays: one boundary crossing per batch, not per order.
//!
//! Operation codes: 0 add, 1 cancel, 2 modify, 3 market. Sides: 0 buy, 1 sell. TIF: 0 GTC, 1 IOC,
//! 2 FOK. Status codes: see `book::Status`.

use std::ffi::{c_void, CString};
use std::ptr;

use crate::book::{Book, Status, Tif, Trade};
use crate::napi::*;

/// A book and the scratch array its single-operation trades are written to.
struct Native {
    book: Book,
    /// Reused across batches, so a batch costs no fresh memory once the first has warmed them up.
    batch_trades: Vec<f64>,
    batch_status: Vec<u8>,
    scratch: *mut f64,
    scratch_len: usize,
    scratch_ref: napi_ref,
}

const OP_FIELDS: usize = 6;
const SINGLE_TRADE_FIELDS: usize = 4;

unsafe fn args<const N: usize>(env: napi_env, info: napi_callback_info) -> [napi_value; N] {
    let mut argv = [ptr::null_mut(); N];
    let mut argc = N;
    napi_get_cb_info(env, info, &mut argc, argv.as_mut_ptr(), ptr::null_mut(), ptr::null_mut());
    argv
}

unsafe fn double(env: napi_env, v: napi_value) -> f64 {
    let mut out = f64::NAN;
    if napi_get_value_double(env, v, &mut out) != NAPI_OK {
        return f64::NAN;
    }
    out
}

unsafe fn number(env: napi_env, n: f64) -> napi_value {
    let mut out = ptr::null_mut();
    napi_create_double(env, n, &mut out);
    out
}

unsafe fn throw(env: napi_env, msg: &str) -> napi_value {
    let m = CString::new(msg).unwrap_or_default();
    napi_throw_type_error(env, ptr::null(), m.as_ptr());
    let mut undefined = ptr::null_mut();
    napi_get_undefined(env, &mut undefined);
    undefined
}

unsafe fn native<'a>(env: napi_env, v: napi_value) -> Option<&'a mut Native> {
    let mut data: *mut c_void = ptr::null_mut();
    if napi_get_value_external(env, v, &mut data) != NAPI_OK || data.is_null() {
        return None;
    }
    Some(&mut *(data as *mut Native))
}

unsafe fn float64_array(env: napi_env, v: napi_value) -> Option<(*mut f64, usize)> {
    let (mut kind, mut len, mut data, mut offset) = (0i32, 0usize, ptr::null_mut::<c_void>(), 0usize);
    let mut buffer = ptr::null_mut();
    if napi_get_typedarray_info(env, v, &mut kind, &mut len, &mut data, &mut buffer, &mut offset) != NAPI_OK || kind != NAPI_FLOAT64_ARRAY {
        return None;
    }
    Some((data as *mut f64, len))
}

/// A new Float64Array filled by `fill` (Electron forbids external buffers, so we copy).
unsafe fn new_float64_array(env: napi_env, len: usize, fill: impl FnOnce(&mut [f64])) -> napi_value {
    let mut data: *mut c_void = ptr::null_mut();
    let mut buffer = ptr::null_mut();
    napi_create_arraybuffer(env, len * 8, &mut data, &mut buffer);
    if len > 0 {
        fill(std::slice::from_raw_parts_mut(data as *mut f64, len));
    }
    let mut array = ptr::null_mut();
    napi_create_typedarray(env, NAPI_FLOAT64_ARRAY, len, buffer, 0, &mut array);
    array
}

unsafe fn new_uint8_array(env: napi_env, bytes: &[u8]) -> napi_value {
    let mut data: *mut c_void = ptr::null_mut();
    let mut buffer = ptr::null_mut();
    napi_create_arraybuffer(env, bytes.len(), &mut data, &mut buffer);
    if !bytes.is_empty() {
        ptr::copy_nonoverlapping(bytes.as_ptr(), data as *mut u8, bytes.len());
    }
    let mut array = ptr::null_mut();
    napi_create_typedarray(env, NAPI_UINT8_ARRAY, bytes.len(), buffer, 0, &mut array);
    array
}

/// A finite integer in [lo, hi], or None. (NaN fails the range test; the round trip through i64
/// compiles to two conversions, where `fract` would call libm's `trunc` on baseline x86-64.)
#[inline]
fn int_in(x: f64, lo: f64, hi: f64) -> Option<f64> {
    (x >= lo && x <= hi && (x as i64) as f64 == x).then_some(x)
}

const MAX_SAFE: f64 = 9_007_199_254_740_991.0;

/// Applies one operation; every field is validated here so the book only sees sane integers.
fn apply(book: &mut Book, op: f64, id: f64, side: f64, price: f64, qty: f64, tif: f64) -> Status {
    // An operation refused here must not leave the previous operation's trades behind.
    book.trades.clear();
    let (Some(op), Some(id)) = (int_in(op, 0.0, 3.0), int_in(id, 0.0, MAX_SAFE)) else { return Status::Invalid };
    let id = id as u64;
    match op as u8 {
        1 => book.cancel(id),
        0 | 2 | 3 => {
            let qty = match int_in(qty, 1.0, MAX_SAFE) {
                Some(q) => q as u64,
                None => return if op as u8 == 2 && !book.contains(id) { Status::UnknownId } else { Status::Invalid },
            };
            if op as u8 == 3 {
                let Some(side) = int_in(side, 0.0, 1.0) else { return Status::Invalid };
                return book.market(id, side as u8, qty);
            }
            let Some(price) = int_in(price, 1.0, MAX_SAFE) else {
                return if op as u8 == 2 && !book.contains(id) { Status::UnknownId } else { Status::Invalid };
            };
            if op as u8 == 2 {
                return book.modify(id, price as i64, qty);
            }
            let (Some(side), Some(tif)) = (int_in(side, 0.0, 1.0), int_in(tif, 0.0, 2.0)) else { return Status::Invalid };
            let tif = match tif as u8 { 0 => Tif::Gtc, 1 => Tif::Ioc, _ => Tif::Fok };
            book.add(id, side as u8, price as i64, qty, tif)
        }
        _ => Status::Invalid,
    }
}

unsafe extern "C" fn finalize(env: napi_env, data: *mut c_void, _hint: *mut c_void) {
    let native = Box::from_raw(data as *mut Native);
    if !native.scratch_ref.is_null() {
        napi_delete_reference(env, native.scratch_ref);
    }
}

/// createBook() → external
unsafe extern "C" fn create_book(env: napi_env, _info: napi_callback_info) -> napi_value {
    let native = Box::new(Native { book: Book::new(), batch_trades: Vec::new(), batch_status: Vec::new(), scratch: ptr::null_mut(), scratch_len: 0, scratch_ref: ptr::null_mut() });
    let mut out = ptr::null_mut();
    napi_create_external(env, Box::into_raw(native) as *mut c_void, Some(finalize), ptr::null_mut(), &mut out);
    out
}

/// setScratch(book, Float64Array): where `apply` writes [count, (taker, maker, price, qty)*].
unsafe extern "C" fn set_scratch(env: napi_env, info: napi_callback_info) -> napi_value {
    let [b, arr] = args::<2>(env, info);
    let Some(n) = native(env, b) else { return throw(env, "setScratch: not a book") };
    let Some((data, len)) = float64_array(env, arr) else { return throw(env, "setScratch: expected a Float64Array") };
    if len < 1 + SINGLE_TRADE_FIELDS {
        return throw(env, "setScratch: the array is too small");
    }
    if !n.scratch_ref.is_null() {
        napi_delete_reference(env, n.scratch_ref);
    }
    napi_create_reference(env, arr, 1, &mut n.scratch_ref);
    n.scratch = data;
    n.scratch_len = len;
    number(env, 0.0)
}

/// apply(book, op, id, side, price, qty, tif) → status; trades go to the scratch array.
unsafe extern "C" fn apply_one(env: napi_env, info: napi_callback_info) -> napi_value {
    let a = args::<7>(env, info);
    let Some(n) = native(env, a[0]) else { return throw(env, "apply: not a book") };
    if n.scratch.is_null() {
        return throw(env, "apply: call setScratch first");
    }
    let status = apply(&mut n.book, double(env, a[1]), double(env, a[2]), double(env, a[3]), double(env, a[4]), double(env, a[5]), double(env, a[6]));
    let scratch = std::slice::from_raw_parts_mut(n.scratch, n.scratch_len);
    write_trades(scratch, &n.book.trades);
    number(env, status as u8 as f64)
}

/// Writes [count, trades…] into `out`, as many trades as fit; `count` is always the full count.
fn write_trades(out: &mut [f64], trades: &[Trade]) {
    out[0] = trades.len() as f64;
    let fit = ((out.len() - 1) / SINGLE_TRADE_FIELDS).min(trades.len());
    for (i, t) in trades[..fit].iter().enumerate() {
        let o = 1 + i * SINGLE_TRADE_FIELDS;
        out[o] = t.taker as f64;
        out[o + 1] = t.maker as f64;
        out[o + 2] = t.price as f64;
        out[o + 3] = t.qty as f64;
    }
}

/// lastTrades(book) → Float64Array of the last operation's trades (for when the scratch was too small).
unsafe extern "C" fn last_trades(env: napi_env, info: napi_callback_info) -> napi_value {
    let [b] = args::<1>(env, info);
    let Some(n) = native(env, b) else { return throw(env, "lastTrades: not a book") };
    let trades = &n.book.trades;
    new_float64_array(env, 1 + trades.len() * SINGLE_TRADE_FIELDS, |out| write_trades(out, trades))
}

unsafe fn uint8_array(env: napi_env, v: napi_value) -> Option<(*mut u8, usize)> {
    let (mut kind, mut len, mut data, mut offset) = (0i32, 0usize, ptr::null_mut::<c_void>(), 0usize);
    let mut buffer = ptr::null_mut();
    if napi_get_typedarray_info(env, v, &mut kind, &mut len, &mut data, &mut buffer, &mut offset) != NAPI_OK || kind != NAPI_UINT8_ARRAY {
        return None;
    }
    Some((data as *mut u8, len))
}

/// applyBatch(book, ops) → { trades: Float64Array of (opIndex, taker, maker, price, qty)*, status: Uint8Array }
/// applyBatch(book, ops, tradesOut: Float64Array, statusOut: Uint8Array) → trade count: writes into the
/// caller's (reused) arrays; trades that do not fit are kept for `batchOverflow(book)`.
unsafe extern "C" fn apply_batch(env: napi_env, info: napi_callback_info) -> napi_value {
    let [b, ops, trades_out, status_out] = args::<4>(env, info);
    let Some(n) = native(env, b) else { return throw(env, "applyBatch: not a book") };
    let Some((data, len)) = float64_array(env, ops) else { return throw(env, "applyBatch: expected a Float64Array") };
    if len % OP_FIELDS != 0 {
        return throw(env, "applyBatch: the array length must be a multiple of 6");
    }
    let ops = std::slice::from_raw_parts(data, len);
    let count = len / OP_FIELDS;
    let into = match (float64_array(env, trades_out), uint8_array(env, status_out)) {
        (Some(t), Some(s)) if s.1 >= count => Some((std::slice::from_raw_parts_mut(t.0, t.1), std::slice::from_raw_parts_mut(s.0, s.1))),
        (Some(_), Some(_)) => return throw(env, "applyBatch: statusOut is shorter than the batch"),
        _ => None,
    };
    let Native { book, batch_trades: overflow, batch_status: statuses, .. } = n;
    overflow.clear();
    statuses.clear();
    if let Some((trades, status)) = into {
        let mut written = 0usize;
        let mut total = 0usize;
        for (i, op) in ops.chunks_exact(OP_FIELDS).enumerate() {
            status[i] = apply(book, op[0], op[1], op[2], op[3], op[4], op[5]) as u8;
            for t in &book.trades {
                let row = [i as f64, t.taker as f64, t.maker as f64, t.price as f64, t.qty as f64];
                if written + 5 <= trades.len() {
                    trades[written..written + 5].copy_from_slice(&row);
                    written += 5;
                } else {
                    overflow.extend_from_slice(&row);
                }
                total += 1;
            }
        }
        return number(env, total as f64);
    }
    for (i, op) in ops.chunks_exact(OP_FIELDS).enumerate() {
        statuses.push(apply(book, op[0], op[1], op[2], op[3], op[4], op[5]) as u8);
        for t in &book.trades {
            overflow.extend_from_slice(&[i as f64, t.taker as f64, t.maker as f64, t.price as f64, t.qty as f64]);
        }
    }
    let mut result = ptr::null_mut();
    napi_create_object(env, &mut result);
    let trades_array = new_float64_array(env, overflow.len(), |out| out.copy_from_slice(overflow));
    let status_array = new_uint8_array(env, statuses);
    napi_set_named_property(env, result, c"trades".as_ptr(), trades_array);
    napi_set_named_property(env, result, c"status".as_ptr(), status_array);
    result
}

/// batchOverflow(book) → Float64Array of the trades the last applyBatch could not fit in tradesOut.
unsafe extern "C" fn batch_overflow(env: napi_env, info: napi_callback_info) -> napi_value {
    let [b] = args::<1>(env, info);
    let Some(n) = native(env, b) else { return throw(env, "batchOverflow: not a book") };
    let rest = &n.batch_trades;
    new_float64_array(env, rest.len(), |out| out.copy_from_slice(rest))
}

/// snapshot(book) → Float64Array of (side, price, id, qty)* in priority order.
unsafe extern "C" fn snapshot(env: napi_env, info: napi_callback_info) -> napi_value {
    let [b] = args::<1>(env, info);
    let Some(n) = native(env, b) else { return throw(env, "snapshot: not a book") };
    let snap = n.book.snapshot();
    new_float64_array(env, snap.len() * 4, |out| {
        for (i, (side, price, id, qty)) in snap.iter().enumerate() {
            out[i * 4..i * 4 + 4].copy_from_slice(&[*side as f64, *price as f64, *id as f64, *qty as f64]);
        }
    })
}

/// depth(book, side, levels) → Float64Array of (price, total, count)*, best first.
unsafe extern "C" fn depth(env: napi_env, info: napi_callback_info) -> napi_value {
    let [b, side, levels] = args::<3>(env, info);
    let Some(n) = native(env, b) else { return throw(env, "depth: not a book") };
    let side = if double(env, side) == 0.0 { 0 } else { 1 };
    let levels = int_in(double(env, levels), 0.0, 1e6).unwrap_or(0.0) as usize;
    let d = n.book.depth(side, levels);
    new_float64_array(env, d.len() * 3, |out| {
        for (i, (p, q, c)) in d.iter().enumerate() {
            out[i * 3..i * 3 + 3].copy_from_slice(&[*p as f64, *q as f64, *c as f64]);
        }
    })
}

/// orderCount(book) → number of resting orders.
unsafe extern "C" fn order_count(env: napi_env, info: napi_callback_info) -> napi_value {
    let [b] = args::<1>(env, info);
    let Some(n) = native(env, b) else { return throw(env, "orderCount: not a book") };
    number(env, n.book.order_count() as f64)
}

/// version() → "quorum_native 0.1.0": the crate's name and version, for the About box.
unsafe extern "C" fn version(env: napi_env, _info: napi_callback_info) -> napi_value {
    let text = concat!(env!("CARGO_PKG_NAME"), " ", env!("CARGO_PKG_VERSION"));
    let mut v = ptr::null_mut();
    napi_create_string_utf8(env, text.as_ptr() as *const std::ffi::c_char, text.len(), &mut v);
    v
}

#[no_mangle]
pub unsafe extern "C" fn napi_register_module_v1(env: napi_env, exports: napi_value) -> napi_value {
    // Without the host's functions nothing can be registered, nor an error thrown: the exports stay
    // empty and the loader (src/native/index.ts) reports the binary as unusable.
    if crate::napi::resolve().is_err() {
        return exports;
    }
    let functions: [(&std::ffi::CStr, napi_callback); 10] = [
        (c"version", Some(version)),
        (c"createBook", Some(create_book)),
        (c"setScratch", Some(set_scratch)),
        (c"apply", Some(apply_one)),
        (c"lastTrades", Some(last_trades)),
        (c"applyBatch", Some(apply_batch)),
        (c"batchOverflow", Some(batch_overflow)),
        (c"snapshot", Some(snapshot)),
        (c"depth", Some(depth)),
        (c"orderCount", Some(order_count)),
    ];
    for (name, cb) in functions {
        let mut f = ptr::null_mut();
        napi_create_function(env, name.as_ptr(), usize::MAX, cb, ptr::null_mut(), &mut f);
        napi_set_named_property(env, exports, name.as_ptr(), f);
    }
    exports
}
