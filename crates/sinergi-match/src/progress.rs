//! Progress reporting for long runs. The library reports stages and counts; the
//! command line shows them as progress bars (hidden when stderr is not a terminal).

use indicatif::{ProgressBar, ProgressStyle};
use std::sync::Mutex;

/// Receives progress from long operations. Must be cheap: `advance` is called
/// from worker threads.
pub trait Progress: Sync {
    /// A new stage starts with `total` steps (0 when unknown).
    fn stage(&self, name: &str, total: u64);
    /// `n` more steps of the current stage are done.
    fn advance(&self, n: u64);
    /// The current stage is finished.
    fn finish(&self);
}

/// Reports nothing.
#[derive(Debug, Default, Clone, Copy)]
pub struct Silent;

impl Progress for Silent {
    fn stage(&self, _name: &str, _total: u64) {}
    fn advance(&self, _n: u64) {}
    fn finish(&self) {}
}

/// Progress bars on stderr.
#[derive(Debug, Default)]
pub struct Bars {
    bar: Mutex<Option<ProgressBar>>,
}

impl Progress for Bars {
    fn stage(&self, name: &str, total: u64) {
        let bar = if total == 0 {
            ProgressBar::new_spinner()
        } else {
            ProgressBar::new(total)
        };
        let style = if total == 0 {
            ProgressStyle::with_template("{spinner} {prefix:<28} {human_pos} {elapsed}")
        } else {
            ProgressStyle::with_template(
                "{prefix:<28} [{bar:30}] {human_pos}/{human_len} {elapsed} eta {eta}",
            )
        };
        if let Ok(style) = style {
            bar.set_style(style.progress_chars("=> "));
        }
        bar.set_prefix(name.to_owned());
        if let Ok(mut slot) = self.bar.lock() {
            if let Some(old) = slot.take() {
                old.finish();
            }
            *slot = Some(bar);
        }
    }

    fn advance(&self, n: u64) {
        if let Ok(slot) = self.bar.lock()
            && let Some(b) = slot.as_ref()
        {
            b.inc(n);
        }
    }

    fn finish(&self) {
        if let Ok(mut slot) = self.bar.lock()
            && let Some(b) = slot.take()
        {
            b.finish();
        }
    }
}

/// Process CPU time (user + system) in seconds, read from `/proc/self/stat`
/// (`None` where that file does not exist).
pub fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name (which may hold spaces) start at `) `.
    let rest = &stat[stat.rfind(')')? + 2..];
    let f: Vec<&str> = rest.split(' ').collect();
    let ticks: f64 = f.get(11)?.parse::<f64>().ok()? + f.get(12)?.parse::<f64>().ok()?;
    Some(ticks / 100.0)
}

/// Wraps another reporter and prints each stage's wall and CPU seconds to
/// stderr when it finishes (`sinergi link` does with `SINERGI_TIMINGS=1`).
pub struct Timings<'a> {
    inner: &'a dyn Progress,
    current: Mutex<Option<(String, std::time::Instant, f64)>>,
}

impl<'a> Timings<'a> {
    /// Times the stages reported to `inner`.
    pub fn new(inner: &'a dyn Progress) -> Timings<'a> {
        Timings {
            inner,
            current: Mutex::new(None),
        }
    }

    fn close(&self) {
        if let Ok(mut c) = self.current.lock()
            && let Some((name, t, cpu)) = c.take()
        {
            let used = cpu_seconds().map_or(0.0, |now| now - cpu);
            eprintln!(
                "timing: {name:<32} wall {:7.2} s  cpu {used:7.2} s",
                t.elapsed().as_secs_f64()
            );
        }
    }
}

impl Progress for Timings<'_> {
    fn stage(&self, name: &str, total: u64) {
        self.close();
        if let Ok(mut c) = self.current.lock() {
            *c = Some((
                name.to_owned(),
                std::time::Instant::now(),
                cpu_seconds().unwrap_or(0.0),
            ));
        }
        self.inner.stage(name, total);
    }

    fn advance(&self, n: u64) {
        self.inner.advance(n);
    }

    fn finish(&self) {
        self.close();
        self.inner.finish();
    }
}
