//! The widget's reactive cells: signals that hold the form's state, effects that keep the
//! page in step with them, and owners that stop a form's effects when it is unmounted.
//!
//! The same shapes as Leptos's `reactive_graph` (`RwSignal`, `StoredValue`, `Owner`),
//! cut down to what the widget uses: about 2 KB of wasm where `reactive_graph` cost ~25 KB
//! (its arena, hash maps and async machinery), which every reader downloads. The markup is
//! still Leptos components, rendered at build time.
//!
//! As in `reactive_graph`, effects run after the code that wrote a signal, on the event
//! loop's next microtask, once for any number of writes: an effect never runs inside an
//! event handler's `update`, so the handler's borrows never meet the effect's.
//!
//! Usage:
//! ```
//! use balasan::view::reactive::{effect, flush, Owner, RwSignal};
//! use std::{cell::Cell, rc::Rc};
//!
//! let name = RwSignal::new(String::from("Sari"));
//! let runs = Rc::new(Cell::new(0));
//! let owner = Owner::new();
//! let counted = runs.clone();
//! owner.with(|| effect(move || counted.set(counted.get() + name.with(|n| n.len()))));
//! flush(); // the first run
//! name.set("Wulan".into());
//! name.set("Dewi".into());
//! flush(); // one run for both writes, reading the last
//! assert_eq!(runs.get(), 4 + 4);
//! owner.cleanup();
//! name.set("Rina".into());
//! flush();
//! assert_eq!(runs.get(), 8, "a cleaned-up effect no longer runs");
//! ```

use std::any::Any;
use std::cell::RefCell;
use std::marker::PhantomData;
use std::rc::Rc;

type Effect = Rc<RefCell<Box<dyn FnMut()>>>;

struct Runtime {
    /// Every cell's value (an `Rc<RefCell<T>>`) and the effects that read it last run.
    cells: Vec<(Rc<dyn Any>, Vec<usize>)>,
    /// Every effect, with the cells it read last run; `None` once its owner cleaned up.
    effects: Vec<Option<(Effect, Vec<usize>)>>,
    /// The effect running now, which a read subscribes.
    observer: Option<usize>,
    /// The owner that effects created now belong to.
    owner: Option<Owner>,
    /// Effects to run at the next flush, in order, each once.
    pending: Vec<usize>,
    scheduled: bool,
}

thread_local! {
    // A constant start: no lazy-initialisation code in the wasm.
    static RT: RefCell<Runtime> = const {
        RefCell::new(Runtime {
            cells: Vec::new(),
            effects: Vec::new(),
            observer: None,
            owner: None,
            pending: Vec::new(),
            scheduled: false,
        })
    };
}

/// A value effects follow: reading it in an effect runs the effect again when it changes.
/// `Copy`, so every event handler can hold it. Lives as long as the page.
pub struct RwSignal<T> {
    id: usize,
    ty: PhantomData<fn() -> T>,
}

impl<T> Clone for RwSignal<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for RwSignal<T> {}

impl<T: 'static> RwSignal<T> {
    pub fn new(value: T) -> Self {
        RwSignal {
            id: new_cell(value),
            ty: PhantomData,
        }
    }

    /// Subscribes the running effect, if any, to this signal.
    pub fn track(&self) {
        RT.with_borrow_mut(|rt| {
            let Some(e) = rt.observer else { return };
            if let Some((_, read)) = rt.effects[e].as_mut() {
                if !read.contains(&self.id) {
                    read.push(self.id);
                    rt.cells[self.id].1.push(e);
                }
            }
        });
    }

    pub fn with<U>(&self, f: impl FnOnce(&T) -> U) -> U {
        self.track();
        self.with_untracked(f)
    }

    pub fn with_untracked<U>(&self, f: impl FnOnce(&T) -> U) -> U {
        f(&cell::<T>(self.id).borrow())
    }

    /// Changes the value and runs, soon, the effects that read it.
    pub fn update<U>(&self, f: impl FnOnce(&mut T) -> U) -> U {
        let out = f(&mut cell::<T>(self.id).borrow_mut());
        notify(self.id);
        out
    }

    pub fn set(&self, value: T) {
        self.update(|v| *v = value);
    }
}

impl<T: Clone + 'static> RwSignal<T> {
    pub fn get(&self) -> T {
        self.with(T::clone)
    }

    pub fn get_untracked(&self) -> T {
        self.with_untracked(T::clone)
    }
}

/// A value no effect follows: settings and bookkeeping that every handler shares. A signal
/// nothing tracks, so writing it runs nothing.
pub struct StoredValue<T>(RwSignal<T>);

impl<T> Clone for StoredValue<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for StoredValue<T> {}

impl<T: 'static> StoredValue<T> {
    pub fn new(value: T) -> Self {
        StoredValue(RwSignal::new(value))
    }

    pub fn with_value<U>(&self, f: impl FnOnce(&T) -> U) -> U {
        self.0.with_untracked(f)
    }

    pub fn update_value<U>(&self, f: impl FnOnce(&mut T) -> U) -> U {
        self.0.update(f)
    }

    pub fn set_value(&self, value: T) {
        self.0.set(value);
    }
}

/// The effects of one mounted form: [`Owner::cleanup`] stops them all.
#[derive(Clone, Default)]
pub struct Owner {
    effects: Rc<RefCell<Vec<usize>>>,
}

impl Owner {
    pub fn new() -> Owner {
        Owner::default()
    }

    /// Runs `f`; the effects it creates belong to this owner.
    pub fn with<U>(&self, f: impl FnOnce() -> U) -> U {
        let outer = RT.with_borrow_mut(|rt| rt.owner.replace(self.clone()));
        let out = f();
        RT.with_borrow_mut(|rt| rt.owner = outer);
        out
    }

    /// Stops this owner's effects: they never run again, and their closures are dropped.
    pub fn cleanup(&self) {
        let ids = std::mem::take(&mut *self.effects.borrow_mut());
        // Dropped after the runtime is released: a closure's captures may hold signals.
        let mut gone = Vec::new();
        RT.with_borrow_mut(|rt| {
            for e in ids {
                if let Some((f, read)) = rt.effects[e].take() {
                    for c in read {
                        rt.cells[c].1.retain(|r| *r != e);
                    }
                    gone.push(f);
                }
            }
        });
        drop(gone);
    }
}

/// Runs `f` soon, and again whenever a signal it read changes, until the current owner
/// cleans up.
pub fn effect(f: impl FnMut() + 'static) {
    effect_boxed(Box::new(f))
}

// One body for every closure type.
fn effect_boxed(f: Box<dyn FnMut()>) {
    let f: Effect = Rc::new(RefCell::new(f));
    let id = RT.with_borrow_mut(|rt| {
        let id = rt.effects.len();
        rt.effects.push(Some((f, Vec::new())));
        if let Some(o) = &rt.owner {
            o.effects.borrow_mut().push(id);
        }
        id
    });
    queue(id);
}

/// Runs every pending effect now, and those their writes make pending. The browser calls it
/// on the microtask after a write; native tests call it themselves.
pub fn flush() {
    loop {
        let next = RT.with_borrow_mut(|rt| {
            if rt.pending.is_empty() {
                rt.scheduled = false;
                return None;
            }
            let e = rt.pending.remove(0);
            // Cleaned up since it was queued: skipped.
            let Some((f, read)) = rt.effects[e].as_mut() else {
                return Some(None);
            };
            // It reads afresh: what it read last run no longer subscribes it.
            for c in std::mem::take(read) {
                rt.cells[c].1.retain(|r| *r != e);
            }
            let f = f.clone();
            Some(Some((f, rt.observer.replace(e))))
        });
        match next {
            None => return,
            Some(None) => {}
            Some(Some((f, outer))) => {
                (f.borrow_mut())();
                RT.with_borrow_mut(|rt| rt.observer = outer);
            }
        }
    }
}

fn new_cell<T: 'static>(value: T) -> usize {
    RT.with_borrow_mut(|rt| {
        rt.cells.push((Rc::new(RefCell::new(value)), Vec::new()));
        rt.cells.len() - 1
    })
}

fn cell<T: 'static>(id: usize) -> Rc<RefCell<T>> {
    let any = RT.with_borrow(|rt| rt.cells[id].0.clone());
    // Only a handle of this type holds this id.
    any.downcast().unwrap_or_else(|_| unreachable!())
}

fn notify(id: usize) {
    let readers = RT.with_borrow(|rt| rt.cells[id].1.clone());
    for e in readers {
        queue(e);
    }
}

fn queue(e: usize) {
    let schedule = RT.with_borrow_mut(|rt| {
        if !rt.pending.contains(&e) {
            rt.pending.push(e);
        }
        !std::mem::replace(&mut rt.scheduled, true)
    });
    if schedule {
        #[cfg(target_arch = "wasm32")]
        wasm_bindgen_futures::spawn_local(async { flush() });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    fn counter() -> (Rc<Cell<u32>>, Rc<Cell<u32>>) {
        let c = Rc::new(Cell::new(0));
        (c.clone(), c)
    }

    #[test]
    fn an_effect_runs_after_the_write_once_for_many() {
        let n = RwSignal::new(0);
        let (runs, seen) = counter();
        let last = Rc::new(Cell::new(0));
        let l = last.clone();
        effect(move || {
            seen.set(seen.get() + 1);
            l.set(n.get());
        });
        assert_eq!(runs.get(), 0, "not inside the code that created it");
        flush();
        assert_eq!(runs.get(), 1);
        n.set(1);
        n.update(|v| *v += 1);
        assert_eq!(runs.get(), 1, "not inside the code that wrote");
        flush();
        assert_eq!((runs.get(), last.get()), (2, 2));
        flush();
        assert_eq!(runs.get(), 2, "nothing written, nothing run");
    }

    #[test]
    fn untracked_reads_and_stored_values_run_nothing() {
        let n = RwSignal::new(0);
        let s = StoredValue::new(0);
        let (runs, seen) = counter();
        effect(move || {
            seen.set(seen.get() + 1);
            n.get_untracked();
            s.with_value(|_| ());
        });
        flush();
        n.set(1);
        s.set_value(1);
        flush();
        assert_eq!(runs.get(), 1);
        assert_eq!(s.update_value(std::mem::take), 1);
    }

    #[test]
    fn an_effect_follows_what_it_read_last() {
        let which = RwSignal::new(true);
        let (a, b) = (RwSignal::new(0), RwSignal::new(0));
        let (runs, seen) = counter();
        effect(move || {
            seen.set(seen.get() + 1);
            if which.get() {
                a.track();
            } else {
                b.track();
            }
        });
        flush();
        b.set(1);
        flush();
        assert_eq!(runs.get(), 1, "b was not read");
        which.set(false);
        flush();
        a.set(1);
        flush();
        assert_eq!(runs.get(), 2, "a is no longer read");
        b.set(2);
        flush();
        assert_eq!(runs.get(), 3);
    }

    #[test]
    fn writes_inside_effects_run_their_readers_in_the_same_flush() {
        let n = RwSignal::new(1);
        let double = RwSignal::new(0);
        effect(move || double.set(n.get() * 2));
        let (runs, seen) = counter();
        effect(move || {
            seen.set(seen.get() + 1);
            double.track();
        });
        flush();
        n.set(5);
        flush();
        assert_eq!(double.get_untracked(), 10);
        assert!(runs.get() >= 2);
        // An effect writing what it reads ends: it is queued again only by a later write.
        let loops = RwSignal::new(0);
        effect(move || {
            let v = loops.get();
            if v < 3 {
                loops.set(v + 1);
            }
        });
        flush();
        assert_eq!(loops.get_untracked(), 3);
    }

    #[test]
    fn cleanup_stops_only_that_owners_effects_and_drops_them() {
        let n = RwSignal::new(0);
        let (one, two) = (Owner::new(), Owner::new());
        let (runs1, seen1) = counter();
        let (runs2, seen2) = counter();
        let held = Rc::new(());
        let h = held.clone();
        one.with(|| {
            effect(move || {
                let _ = &h;
                n.track();
                seen1.set(seen1.get() + 1);
            })
        });
        two.with(|| {
            effect(move || {
                n.track();
                seen2.set(seen2.get() + 1);
            })
        });
        flush();
        one.cleanup();
        assert_eq!(Rc::strong_count(&held), 1, "the closure was dropped");
        n.set(1);
        flush();
        assert_eq!((runs1.get(), runs2.get()), (1, 2));
    }

    #[test]
    fn an_effect_cleaned_up_while_pending_never_runs() {
        let n = RwSignal::new(0);
        let owner = Owner::new();
        let (runs, seen) = counter();
        owner.with(|| effect(move || seen.set(seen.get() + 1 + n.get())));
        let (later, seen_later) = counter();
        effect(move || seen_later.set(seen_later.get() + 1));
        owner.cleanup();
        flush();
        assert_eq!(runs.get(), 0);
        assert_eq!(later.get(), 1, "the effects after it still run");
    }
}
