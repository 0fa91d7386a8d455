//! The few Node-API functions Quorum needs, declared by hand (no crates) and looked up at run time
//! in the host executable, as napi-rs does: `dlsym(RTLD_DEFAULT, …)` on Linux and macOS,
//! `GetProcAddress(GetModuleHandleW(NULL), …)` on Windows. Link-time resolution works on Linux
//! only: on Windows an import library would name `node.exe`, but inside Electron the functions live
//! in `electron.exe` (or the app's renamed executable). One lookup path on every platform means the
//! path Windows takes is the one every Linux test runs; only the two-line Windows lookup itself is
//! untested until a Windows machine runs it.
#![allow(non_camel_case_types, dead_code)]

use std::ffi::{c_char, c_void};

pub type napi_env = *mut c_void;
pub type napi_value = *mut c_void;
pub type napi_callback_info = *mut c_void;
pub type napi_ref = *mut c_void;
pub type napi_status = i32;
pub type napi_callback = Option<unsafe extern "C" fn(napi_env, napi_callback_info) -> napi_value>;
pub type napi_finalize = Option<unsafe extern "C" fn(napi_env, *mut c_void, *mut c_void)>;

pub const NAPI_OK: napi_status = 0;
pub const NAPI_UINT8_ARRAY: i32 = 1;
pub const NAPI_FLOAT64_ARRAY: i32 = 8;

/// Declares each function as a field of a table filled by `resolve_table`, and a wrapper of the
/// same name, so callers read as if the functions were linked.
macro_rules! host_functions {
    ($(fn $name:ident($($arg:ident: $ty:ty),*);)*) => {
        struct Table {
            $($name: unsafe extern "C" fn($($ty),*) -> napi_status,)*
        }

        static TABLE: std::sync::OnceLock<Table> = std::sync::OnceLock::new();

        fn resolve_table() -> Result<(), &'static str> {
            if TABLE.get().is_some() {
                return Ok(());
            }
            let table = Table {
                $($name: unsafe {
                    let f = host_symbol(concat!(stringify!($name), "\0").as_bytes());
                    if f.is_null() {
                        return Err(stringify!($name));
                    }
                    std::mem::transmute::<*mut c_void, unsafe extern "C" fn($($ty),*) -> napi_status>(f)
                },)*
            };
            let _ = TABLE.set(table);
            Ok(())
        }

        $(
            #[inline]
            pub unsafe fn $name($($arg: $ty),*) -> napi_status {
                // SAFETY: the module registers only after `resolve` succeeded.
                (TABLE.get().unwrap_unchecked().$name)($($arg),*)
            }
        )*
    };
}

host_functions! {
    fn napi_create_function(env: napi_env, name: *const c_char, length: usize, cb: napi_callback, data: *mut c_void, result: *mut napi_value);
    fn napi_set_named_property(env: napi_env, object: napi_value, name: *const c_char, value: napi_value);
    fn napi_get_cb_info(env: napi_env, info: napi_callback_info, argc: *mut usize, argv: *mut napi_value, this_arg: *mut napi_value, data: *mut *mut c_void);
    fn napi_get_value_double(env: napi_env, value: napi_value, result: *mut f64);
    fn napi_create_double(env: napi_env, value: f64, result: *mut napi_value);
    fn napi_create_external(env: napi_env, data: *mut c_void, finalize_cb: napi_finalize, finalize_hint: *mut c_void, result: *mut napi_value);
    fn napi_get_value_external(env: napi_env, value: napi_value, result: *mut *mut c_void);
    fn napi_get_typedarray_info(env: napi_env, typedarray: napi_value, kind: *mut i32, length: *mut usize, data: *mut *mut c_void, arraybuffer: *mut napi_value, byte_offset: *mut usize);
    fn napi_create_arraybuffer(env: napi_env, byte_length: usize, data: *mut *mut c_void, result: *mut napi_value);
    fn napi_create_typedarray(env: napi_env, kind: i32, length: usize, arraybuffer: napi_value, byte_offset: usize, result: *mut napi_value);
    fn napi_create_reference(env: napi_env, value: napi_value, initial_refcount: u32, result: *mut napi_ref);
    fn napi_delete_reference(env: napi_env, reference: napi_ref);
    fn napi_throw_type_error(env: napi_env, code: *const c_char, msg: *const c_char);
    fn napi_get_undefined(env: napi_env, result: *mut napi_value);
    fn napi_create_object(env: napi_env, result: *mut napi_value);
    fn napi_create_string_utf8(env: napi_env, str: *const c_char, length: usize, result: *mut napi_value);
}

/// Looks up every function; `Err` names the first one the host does not export. Called once, when
/// the module registers; until it succeeds no other function here may be called.
pub fn resolve() -> Result<(), &'static str> {
    resolve_table()
}

/// The host's exported symbol `name` (NUL-terminated), or null.
#[cfg(unix)]
unsafe fn host_symbol(name: &'static [u8]) -> *mut c_void {
    extern "C" {
        fn dlsym(handle: *mut c_void, symbol: *const c_char) -> *mut c_void;
    }
    // RTLD_DEFAULT: the global scope, which holds the executable's exports.
    #[cfg(target_os = "macos")]
    const RTLD_DEFAULT: *mut c_void = -2isize as *mut c_void;
    #[cfg(not(target_os = "macos"))]
    const RTLD_DEFAULT: *mut c_void = std::ptr::null_mut();
    dlsym(RTLD_DEFAULT, name.as_ptr() as *const c_char)
}

/// The host's exported symbol `name` (NUL-terminated), or null. Untested: no Windows machine yet.
#[cfg(windows)]
unsafe fn host_symbol(name: &'static [u8]) -> *mut c_void {
    #[link(name = "kernel32")]
    extern "system" {
        fn GetModuleHandleW(module_name: *const u16) -> *mut c_void;
        fn GetProcAddress(module: *mut c_void, proc_name: *const c_char) -> *mut c_void;
    }
    // A null name is the executable that started the process: node.exe, electron.exe or the app's.
    GetProcAddress(GetModuleHandleW(std::ptr::null()), name.as_ptr() as *const c_char)
}
