//! Which reordering of memory accesses a Broken strategy's bug needs, so that a reader of a
//! clean stress run on a given machine is told when that machine's hardware never makes it.

/// A reordering of two accesses to different locations in one thread, as another thread
/// sees it (the first access named first: `StoreStore` is a store seen after a later store).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reordering {
    /// A store becomes visible after a store that follows it in program order.
    StoreStore,
    /// A load reads a value older than one a load before it saw.
    LoadLoad,
    /// A store becomes visible after a load that follows it.
    StoreLoad,
    /// A load reads a value written after a store that follows it.
    LoadStore,
}

impl Reordering {
    /// Its name in a sentence (`store-store`).
    pub fn words(self) -> &'static str {
        match self {
            Reordering::StoreStore => "store-store",
            Reordering::LoadLoad => "load-load",
            Reordering::StoreLoad => "store-load",
            Reordering::LoadStore => "load-store",
        }
    }

    /// Whether a CPU of architecture `arch` (as Rust's `std::env::consts::ARCH` names it)
    /// never makes this reordering itself: x86 and x86-64 keep every order but store-load
    /// (their memory model is total store order). `false` where the architecture may make
    /// it or is not known here. A compiler may still reorder on any machine.
    pub fn never_on_hardware(self, arch: &str) -> bool {
        matches!(arch, "x86" | "x86_64") && self != Reordering::StoreLoad
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn x86_keeps_all_but_store_load_and_arm_keeps_none() {
        assert!(Reordering::StoreStore.never_on_hardware("x86_64"));
        assert!(!Reordering::StoreLoad.never_on_hardware("x86_64"));
        assert!(!Reordering::StoreStore.never_on_hardware("aarch64"));
    }
}
