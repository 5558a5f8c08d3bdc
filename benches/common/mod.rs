//! What every benchmark uses: a small deterministic generator for synthetic data (no
//! crates), and timing.

// Each benchmark is its own crate and uses only part of this.
#![allow(dead_code)]

use std::time::{Duration, Instant};

/// The seed every benchmark starts from, so that each run sees the same data.
pub const SEED: u64 = 0x9e37_79b9_7f4a_7c15;

/// xorshift64*: deterministic and good enough to spread synthetic data.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// In `lo..=hi`.
    pub fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + (self.next() % (hi - lo + 1) as u64) as usize
    }

    pub fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.range(0, items.len() - 1)]
    }

    pub fn year(&mut self, lo: i32, hi: i32) -> i32 {
        lo + (self.next() % (hi - lo + 1) as u64) as i32
    }
}

/// The middle one of several runs.
pub fn median(mut runs: Vec<Duration>) -> Duration {
    runs.sort();
    runs[runs.len() / 2]
}

/// What `f` returns, and how long it took.
pub fn timed<T>(f: impl FnOnce() -> T) -> (T, Duration) {
    let t = Instant::now();
    let out = f();
    (out, t.elapsed())
}

/// The machine's load at the end of a run: other work on it slows every figure, so each
/// report says how much there was.
pub fn print_machine_load() {
    if let Ok(load) = std::fs::read_to_string("/proc/loadavg") {
        println!(
            "machine load (1, 5, 15 min) at the end: {}",
            load.split_whitespace()
                .take(3)
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
}
