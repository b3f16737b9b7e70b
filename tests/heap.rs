//! The wasm's allocator (`src/heap.rs`) under a long mixed run of allocations, frees and
//! reallocations of every size class and alignment the widget could ask for: each block is
//! aligned, apart from every other, and keeps its bytes; freed blocks are reused.
//!
//! Run with `scripts/test.sh` (or `cargo test --target wasm32-unknown-unknown --test heap`;
//! it runs in Node, no browser needed).
#![cfg(target_arch = "wasm32")]

use std::alloc::{alloc, dealloc, realloc, Layout};

use wasm_bindgen_test::*;

// The widget's crate brings its #[global_allocator]: linked in, it serves this test too.
use balasan as _;

struct Block {
    ptr: *mut u8,
    layout: Layout,
    tag: u8,
}

impl Block {
    fn bytes(&self) -> &[u8] {
        unsafe { std::slice::from_raw_parts(self.ptr, self.layout.size()) }
    }

    fn fill(&mut self, from: usize) {
        unsafe { std::ptr::write_bytes(self.ptr.add(from), self.tag, self.layout.size() - from) }
    }

    fn intact(&self) -> bool {
        self.bytes().iter().all(|&b| b == self.tag)
    }
}

/// A small deterministic generator (xorshift32), so a failure reproduces.
struct Dice(u32);

impl Dice {
    fn roll(&mut self, n: u32) -> u32 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 17;
        self.0 ^= self.0 << 5;
        self.0 % n
    }

    /// Mostly short strings and vectors, sometimes a reply body of up to 200 KB.
    fn size(&mut self) -> usize {
        match self.roll(20) {
            0 => 1 + self.roll(200_000) as usize,
            1..=3 => 1 + self.roll(5_000) as usize,
            _ => 1 + self.roll(120) as usize,
        }
    }

    fn align(&mut self) -> usize {
        [1, 1, 1, 2, 4, 8, 8, 16, 64, 4096][self.roll(10) as usize]
    }
}

fn check_all(live: &[Block]) {
    for b in live {
        assert!(
            b.intact(),
            "a block of {} bytes lost its bytes",
            b.layout.size()
        );
    }
    let mut spans: Vec<(usize, usize)> = live
        .iter()
        .map(|b| (b.ptr as usize, b.ptr as usize + b.layout.size()))
        .collect();
    spans.sort_unstable();
    for w in spans.windows(2) {
        assert!(
            w[0].1 <= w[1].0,
            "blocks overlap: {:?} and {:?}",
            w[0],
            w[1]
        );
    }
}

#[wasm_bindgen_test]
fn blocks_are_aligned_apart_and_keep_their_bytes() {
    let mut dice = Dice(0x2545_f491);
    let mut live: Vec<Block> = Vec::new();
    for step in 0..6000u32 {
        let op = dice.roll(4);
        if live.is_empty() || op < 2 && live.len() < 400 {
            let layout = Layout::from_size_align(dice.size(), dice.align()).unwrap();
            let ptr = unsafe { alloc(layout) };
            assert!(!ptr.is_null());
            assert_eq!(ptr as usize % layout.align(), 0, "{layout:?}");
            let mut b = Block {
                ptr,
                layout,
                tag: (step % 251) as u8 + 1,
            };
            b.fill(0);
            live.push(b);
        } else if op == 2 {
            let b = live.swap_remove(dice.roll(live.len() as u32) as usize);
            assert!(b.intact());
            unsafe { dealloc(b.ptr, b.layout) };
        } else {
            let i = dice.roll(live.len() as u32) as usize;
            let size = dice.size();
            let b = &mut live[i];
            let kept = b.layout.size().min(size);
            let ptr = unsafe { realloc(b.ptr, b.layout, size) };
            assert!(!ptr.is_null());
            assert_eq!(ptr as usize % b.layout.align(), 0);
            b.ptr = ptr;
            b.layout = Layout::from_size_align(size, b.layout.align()).unwrap();
            assert!(
                b.bytes()[..kept].iter().all(|&x| x == b.tag),
                "realloc kept the bytes"
            );
            b.fill(kept);
        }
        if step % 300 == 0 {
            check_all(&live);
        }
    }
    check_all(&live);
    for b in live.drain(..) {
        unsafe { dealloc(b.ptr, b.layout) };
    }
}

#[wasm_bindgen_test]
fn freed_blocks_are_reused() {
    let churn = || {
        for i in 0..2000 {
            let text = "balasan ".repeat(i % 40);
            let list: Vec<u64> = (0..i as u64 % 300).collect();
            assert_eq!(list.len(), i % 300);
            drop(text);
        }
    };
    churn();
    let pages = core::arch::wasm32::memory_size(0);
    churn();
    assert_eq!(
        core::arch::wasm32::memory_size(0),
        pages,
        "memory grew for blocks freed before"
    );
}
