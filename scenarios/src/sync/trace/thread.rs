//! loom's threads, recording spawn, join, park, unpark and yield. A thread spawned without
//! a name is named after its spawn site (see `names.rs`), so every column of a trace has a
//! heading.

use std::panic::Location;

use super::{names, record};

/// A handle to a modelled thread, the receiver of `unpark`.
#[derive(Debug, Clone)]
pub struct Thread(loom::thread::Thread);

impl Thread {
    pub fn name(&self) -> Option<&str> {
        self.0.name()
    }

    pub fn id(&self) -> loom::thread::ThreadId {
        self.0.id()
    }

    #[track_caller]
    pub fn unpark(&self) {
        self.0.unpark();
        record("unpark", || self.0.name().unwrap_or("a thread").to_owned(), Location::caller());
    }
}

/// The handle of a spawned thread; joining records the join.
#[derive(Debug)]
pub struct JoinHandle<T> {
    inner: loom::thread::JoinHandle<T>,
    thread: Thread,
}

impl<T> JoinHandle<T> {
    #[track_caller]
    pub fn join(self) -> std::thread::Result<T> {
        let at = Location::caller();
        let name = self.thread.name().unwrap_or("a thread").to_owned();
        let result = self.inner.join();
        record("join", || name, at);
        result
    }

    pub fn thread(&self) -> &Thread {
        &self.thread
    }
}

/// loom's thread builder (a name is all the model uses).
#[derive(Debug, Default)]
pub struct Builder {
    name: Option<String>,
}

impl Builder {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn name(mut self, name: String) -> Self {
        self.name = Some(name);
        self
    }

    pub fn stack_size(self, _size: usize) -> Self {
        self
    }

    #[track_caller]
    pub fn spawn<F, T>(self, f: F) -> std::io::Result<JoinHandle<T>>
    where
        F: FnOnce() -> T + Send + 'static,
        T: Send + 'static,
    {
        let at = Location::caller();
        let name = self.name.unwrap_or_else(|| names::spawned(at));
        let inner = loom::thread::Builder::new().name(name.clone()).spawn(f)?;
        record("spawn", || name, at);
        let thread = Thread(inner.thread().clone());
        Ok(JoinHandle { inner, thread })
    }
}

/// Spawn a modelled thread, named after its spawn site.
#[track_caller]
pub fn spawn<F, T>(f: F) -> JoinHandle<T>
where
    F: FnOnce() -> T + Send + 'static,
    T: Send + 'static,
{
    Builder::new().spawn(f).expect("loom spawns")
}

/// Spawn a modelled thread called `name()` (`worker 0`): the drivers name their threads
/// so that a trace's columns read as the scenario's roles.
#[track_caller]
pub fn spawn_as<F, T>(name: impl FnOnce() -> String, f: F) -> JoinHandle<T>
where
    F: FnOnce() -> T + Send + 'static,
    T: Send + 'static,
{
    Builder::new().name(name()).spawn(f).expect("loom spawns")
}

/// The running modelled thread.
pub fn current() -> Thread {
    Thread(loom::thread::current())
}

#[track_caller]
pub fn park() {
    let at = Location::caller();
    record("park", String::new, at);
    loom::thread::park();
    record("unparked", String::new, at);
}

#[track_caller]
pub fn yield_now() {
    loom::thread::yield_now();
    record("yield", String::new, Location::caller());
}
