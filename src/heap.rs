//! The wasm's allocator: blocks in power-of-two size classes, each class a free list.
//!
//! std's allocator for wasm (dlmalloc) is 4.7 KB of the wasm. The widget's allocations are
//! small strings and vectors that come and go with a form, plus the odd reply body; a
//! freed block is reused by the next allocation of its class, and memory only grows to
//! the largest number of live blocks of each class. No coalescing, so no headers: a block's
//! size comes back with `dealloc`'s layout.
//!
//! A block of class `k` (2^k bytes) is carved from the top of the heap at an address that
//! is a multiple of 2^k (up to a page), so it has the alignment of any layout of that
//! size: Rust's layouts never ask for more alignment than their size rounded up.

use core::alloc::{GlobalAlloc, Layout};
use core::cell::UnsafeCell;

const PAGE: usize = 65536;

/// The smallest block: room for the free list's next pointer, and most short strings.
const MIN_CLASS: u32 = 3;

pub struct Heap {
    state: UnsafeCell<State>,
}

struct State {
    /// The first free block of each class (0: none); a free block holds the next one.
    free: [usize; 32],
    /// Unused memory at the top of the heap.
    next: usize,
    end: usize,
}

// The wasm runs one thread.
unsafe impl Sync for Heap {}

impl Heap {
    pub const fn new() -> Heap {
        Heap {
            state: UnsafeCell::new(State {
                free: [0; 32],
                next: 0,
                end: 0,
            }),
        }
    }
}

/// The class of a layout: the power of two its size and alignment fit in.
fn class(layout: Layout) -> u32 {
    let size = layout.size().max(layout.align());
    size.next_power_of_two().trailing_zeros().max(MIN_CLASS)
}

unsafe impl GlobalAlloc for Heap {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let s = &mut *self.state.get();
        let k = class(layout);
        if k >= 31 {
            return core::ptr::null_mut();
        }
        let head = s.free[k as usize];
        if head != 0 {
            s.free[k as usize] = *(head as *const usize);
            return head as *mut u8;
        }
        let size = 1usize << k;
        let align = size.min(PAGE);
        let mut at = (s.next + align - 1) & !(align - 1);
        if at + size > s.end {
            let pages = (size + align).div_ceil(PAGE);
            let before = core::arch::wasm32::memory_grow(0, pages);
            if before == usize::MAX {
                return core::ptr::null_mut();
            }
            let start = before * PAGE;
            if start != s.end {
                // The first growth (or memory grown by someone else): start afresh there.
                s.next = start;
            }
            s.end = start + pages * PAGE;
            at = (s.next + align - 1) & !(align - 1);
        }
        s.next = at + size;
        at as *mut u8
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        let s = &mut *self.state.get();
        let k = class(layout) as usize;
        *(ptr as *mut usize) = s.free[k];
        s.free[k] = ptr as usize;
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let new = Layout::from_size_align_unchecked(new_size, layout.align());
        if class(new) == class(layout) {
            return ptr;
        }
        let out = self.alloc(new);
        if !out.is_null() {
            core::ptr::copy_nonoverlapping(ptr, out, layout.size().min(new_size));
            self.dealloc(ptr, layout);
        }
        out
    }
}
