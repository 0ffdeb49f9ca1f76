//! Web Storage (<https://html.spec.whatwg.org/#webstorage>): each
//! window's `localStorage` and `sessionStorage`, a [`Storage`] over its
//! origin's storage area. A document's shelf holds the areas by origin:
//! local ones written through to the host's [`Persist`] when it gave one
//! (ecsdom's `--user-data-dir`: SQLite), session ones in memory only (one
//! page is one top-level browsing context, so one session).

use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use indexmap::IndexMap;
use rustc_hash::FxHashMap;

use crate::{Document, DomError, DomResult, NodeId};

/// How much one origin's area holds: 5 MiB, counted as UTF-16 code units
/// of its keys and values (as Firefox counts; browsers allow 5 to 10 MiB).
pub const QUOTA: usize = 5 * 1024 * 1024;

/// `localStorage` or `sessionStorage`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum StorageKind {
    /// `localStorage`: kept across runs when the host persists it.
    Local,
    /// `sessionStorage`: the page's session only.
    Session,
}

/// Where the host keeps local storage between runs: every change is
/// written through, and an origin's area is loaded when a window of it
/// first asks.
pub trait Persist: Send + Sync {
    /// The pairs kept for `origin`, in the order they were first set.
    ///
    /// # Errors
    /// A message when the store cannot be read.
    fn load(&self, origin: &str) -> Result<Vec<(String, String)>, String>;
    /// Keep `key` = `value` for `origin`.
    ///
    /// # Errors
    /// A message when the store cannot be written.
    fn set(&self, origin: &str, key: &str, value: &str) -> Result<(), String>;
    /// Forget `key` for `origin`.
    ///
    /// # Errors
    /// As [`Persist::set`].
    fn remove(&self, origin: &str, key: &str) -> Result<(), String>;
    /// Forget everything kept for `origin`.
    ///
    /// # Errors
    /// As [`Persist::set`].
    fn clear(&self, origin: &str) -> Result<(), String>;
}

/// A document's storage areas by origin, the host's persistence, and the
/// changes not yet broadcast.
#[derive(Default)]
pub(crate) struct Shelf {
    areas: Mutex<FxHashMap<(StorageKind, String), Arc<Area>>>,
    persist: Option<Arc<dyn Persist>>,
    changes: Arc<Mutex<Vec<Change>>>,
}

/// At most this many changes wait for a host to broadcast them (a
/// document no host runs keeps no more).
const PENDING_CHANGES: usize = 1024;

/// One change of an area, by the `Storage` object of window `source`.
#[derive(Debug)]
struct Change {
    source: NodeId,
    kind: StorageKind,
    origin: String,
    key: Option<String>,
    old: Option<String>,
    new: Option<String>,
}

/// A `storage` event to fire
/// (<https://html.spec.whatwg.org/#send-a-storage-notification>): at
/// window `target`, whose own `Storage` object of `kind` is the event's
/// `storageArea`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StorageNotice {
    /// The window to fire at.
    pub target: NodeId,
    /// Which storage changed.
    pub kind: StorageKind,
    /// `key`: none for `clear()`.
    pub key: Option<String>,
    /// `oldValue`.
    pub old_value: Option<String>,
    /// `newValue`: none for a removal.
    pub new_value: Option<String>,
    /// `url`: the URL of the document whose script made the change.
    pub url: String,
}

impl fmt::Debug for Shelf {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Shelf")
            .field("persisted", &self.persist.is_some())
            .finish_non_exhaustive()
    }
}

/// A window's `Storage` object: its origin's area (an ordered map of keys
/// to values, shared by every window of the origin) and the window, whose
/// changes the others are told of. Copies are the same object.
#[derive(Clone)]
pub struct Storage {
    area: Arc<Area>,
    window: NodeId,
}

struct Area {
    kind: StorageKind,
    origin: String,
    /// Written through to, for local storage the host persists.
    persist: Option<Arc<dyn Persist>>,
    state: Mutex<AreaState>,
    /// The shelf's changes not yet broadcast.
    changes: Arc<Mutex<Vec<Change>>>,
}

#[derive(Default)]
struct AreaState {
    /// Keys in the order first set (a key's place stays when its value
    /// changes, as `key(n)` expects).
    map: IndexMap<String, String>,
    /// UTF-16 code units of keys and values.
    used: usize,
}

impl fmt::Debug for Storage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Storage")
            .field("kind", &self.area.kind)
            .field("origin", &self.area.origin)
            .finish_non_exhaustive()
    }
}

fn units(s: &str) -> usize {
    crate::dom_string::utf16_len(s)
}

impl Storage {
    fn state(&self) -> MutexGuard<'_, AreaState> {
        self.area
            .state
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// Whether both are one area (each window's object of one origin is).
    pub fn same_area(&self, other: &Storage) -> bool {
        Arc::ptr_eq(&self.area, &other.area)
    }

    /// Which storage this is.
    pub fn kind(&self) -> StorageKind {
        self.area.kind
    }

    /// The origin whose area this is (serialized; `file://` for every
    /// `file:` page, as browsers share one area among them).
    pub fn origin(&self) -> &str {
        &self.area.origin
    }

    /// Note a change for the other windows of the origin.
    fn changed(&self, key: Option<&str>, old: Option<String>, new: Option<&str>) {
        let mut changes = self
            .area
            .changes
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if changes.len() < PENDING_CHANGES {
            changes.push(Change {
                source: self.window,
                kind: self.area.kind,
                origin: self.area.origin.clone(),
                key: key.map(str::to_owned),
                old,
                new: new.map(str::to_owned),
            });
        }
    }

    /// A write through to the host's store; a failure there is the
    /// write's error (nothing is lost silently).
    fn persist(&self, f: impl FnOnce(&dyn Persist, &str) -> Result<(), String>) -> DomResult<()> {
        match &self.area.persist {
            Some(p) => f(&**p, &self.area.origin).map_err(|e| {
                DomError::InvalidState(format!("localStorage could not be written: {e}"))
            }),
            None => Ok(()),
        }
    }

    /// `length`: how many pairs.
    ///
    /// # Errors
    /// None; the bindings' shape.
    pub fn length(&self) -> DomResult<u32> {
        Ok(u32::try_from(self.state().map.len()).unwrap_or(u32::MAX))
    }

    /// `key(index)`: the `index`th key, or none.
    ///
    /// # Errors
    /// None; the bindings' shape.
    pub fn key(&self, index: usize) -> DomResult<Option<String>> {
        Ok(self.state().map.get_index(index).map(|(k, _)| k.clone()))
    }

    /// `getItem(key)`, the named getter: the value, or none.
    ///
    /// # Errors
    /// None; the bindings' shape.
    pub fn get_item(&self, key: &str) -> DomResult<Option<String>> {
        Ok(self.state().map.get(key).cloned())
    }

    /// `setItem(key, value)`, the named setter
    /// (<https://html.spec.whatwg.org/#dom-storage-setitem>).
    ///
    /// # Errors
    /// `QuotaExceededError` when the area would hold more than
    /// [`QUOTA`]; `InvalidStateError` when the host's store fails.
    pub fn set_item(&self, key: &str, value: &str) -> DomResult<()> {
        let mut st = self.state();
        let old = st.map.get(key);
        if old.is_some_and(|o| o == value) {
            return Ok(());
        }
        let freed = old.map_or(0, |o| units(o) + units(key));
        let used = st.used - freed + units(key) + units(value);
        if used > QUOTA {
            return Err(DomError::QuotaExceeded(format!(
                "Failed to execute 'setItem' on 'Storage': Setting the value of '{key}' exceeded the quota."
            )));
        }
        self.persist(|p, origin| p.set(origin, key, value))?;
        let old = st.map.insert(key.to_owned(), value.to_owned());
        st.used = used;
        drop(st);
        self.changed(Some(key), old, Some(value));
        Ok(())
    }

    /// `removeItem(key)`, the named deleter.
    ///
    /// # Errors
    /// `InvalidStateError` when the host's store fails.
    pub fn remove_item(&self, key: &str) -> DomResult<()> {
        let mut st = self.state();
        if !st.map.contains_key(key) {
            return Ok(());
        }
        self.persist(|p, origin| p.remove(origin, key))?;
        let old = st.map.shift_remove(key);
        if let Some(v) = &old {
            st.used -= units(key) + units(v);
        }
        drop(st);
        self.changed(Some(key), old, None);
        Ok(())
    }

    /// `clear()`: no pairs.
    ///
    /// # Errors
    /// `InvalidStateError` when the host's store fails.
    pub fn clear(&self) -> DomResult<()> {
        let mut st = self.state();
        if st.map.is_empty() {
            return Ok(());
        }
        self.persist(|p, origin| p.clear(origin))?;
        st.map.clear();
        st.used = 0;
        drop(st);
        self.changed(None, None, None);
        Ok(())
    }

    /// The supported property names: the keys, in order.
    pub fn names(&self) -> Vec<String> {
        self.state().map.keys().cloned().collect()
    }
}

impl Document {
    /// Give local storage a store that keeps it between runs (the host's
    /// `--user-data-dir`). Areas already made stay in memory only.
    pub fn set_storage_persistence(&mut self, persist: Arc<dyn Persist>) {
        self.storage.persist = Some(persist);
    }

    /// `window.localStorage` / `sessionStorage`
    /// (<https://html.spec.whatwg.org/#dom-localstorage>): the area of the
    /// origin of `window`'s document, made (and, for local storage,
    /// loaded from the host's store) on first use. An `about:blank` or
    /// `about:srcdoc` frame has its parent's origin; every `file:` page
    /// shares `file://` (browsers allow storage there; the URL Standard
    /// calls the origin opaque).
    ///
    /// # Errors
    /// A `TypeError` for a target that is no window; `SecurityError` for
    /// an opaque origin such as a `data:` URL's; `InvalidStateError` when
    /// the host's store cannot be read.
    pub fn storage(&self, window: NodeId, kind: StorageKind) -> DomResult<Storage> {
        let origin = self.storage_origin(window)?;
        let mut areas = self
            .storage
            .areas
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if let Some(area) = areas.get(&(kind, origin.clone())) {
            return Ok(Storage {
                area: area.clone(),
                window,
            });
        }
        let persist = match kind {
            StorageKind::Local => self.storage.persist.clone(),
            StorageKind::Session => None,
        };
        let mut state = AreaState::default();
        if let Some(p) = &persist {
            for (k, v) in p.load(&origin).map_err(|e| {
                DomError::InvalidState(format!("localStorage could not be read: {e}"))
            })? {
                state.used += units(&k) + units(&v);
                state.map.insert(k, v);
            }
        }
        let area = Arc::new(Area {
            kind,
            origin: origin.clone(),
            persist,
            state: Mutex::new(state),
            changes: self.storage.changes.clone(),
        });
        areas.insert((kind, origin), area.clone());
        Ok(Storage { area, window })
    }

    /// The `storage` events the changes since the last call make
    /// (<https://html.spec.whatwg.org/#send-a-storage-notification>): for
    /// each change, one at every other window of the page's window tree
    /// whose storage of that kind is the same area (its origin's: one page
    /// is one session). The host fires each as a task.
    pub fn take_storage_events(&mut self) -> Vec<StorageNotice> {
        let changes = std::mem::take(
            &mut *self
                .storage
                .changes
                .lock()
                .unwrap_or_else(PoisonError::into_inner),
        );
        if changes.is_empty() {
            return Vec::new();
        }
        let mut windows = vec![NodeId(self.window)];
        let mut i = 0;
        while i < windows.len() {
            windows.extend(self.child_windows(windows[i]).unwrap_or_default());
            i += 1;
        }
        let origins: Vec<Option<String>> = windows
            .iter()
            .map(|w| self.storage_origin(*w).ok())
            .collect();
        let mut out = Vec::new();
        for c in changes {
            let url = self
                .document_of_window(c.source)
                .and_then(|d| self.url_of(d).map(str::to_owned))
                .unwrap_or_default();
            for (w, origin) in windows.iter().zip(&origins) {
                if *w != c.source && origin.as_deref() == Some(c.origin.as_str()) {
                    out.push(StorageNotice {
                        target: *w,
                        kind: c.kind,
                        key: c.key.clone(),
                        old_value: c.old.clone(),
                        new_value: c.new.clone(),
                        url: url.clone(),
                    });
                }
            }
        }
        out
    }

    /// The serialized origin whose storage `window` uses.
    fn storage_origin(&self, window: NodeId) -> DomResult<String> {
        let mut window = window;
        // (A chain of about:blank frames ends at the page's window.)
        for _ in 0..64 {
            let doc = self.document_of_window(window)?;
            let url = self.url_of(doc)?;
            if matches!(url, "about:blank" | "about:srcdoc")
                && let Some(parent) = self.parent_window(window)?
                && parent != window
            {
                window = parent;
                continue;
            }
            let parsed = url::Url::parse(url).map_err(|_| {
                DomError::Security(format!("The document's URL {url} is not valid"))
            })?;
            return match parsed.origin() {
                url::Origin::Tuple(..) => Ok(parsed.origin().ascii_serialization()),
                url::Origin::Opaque(_) if parsed.scheme() == "file" => Ok("file://".to_owned()),
                url::Origin::Opaque(_) => Err(DomError::Security(format!(
                    "Storage is disabled inside '{}:' URLs.",
                    parsed.scheme()
                ))),
            };
        }
        Err(DomError::Security("too many nested frames".into()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Default)]
    struct Log(Mutex<Vec<String>>);

    impl Persist for Log {
        fn load(&self, origin: &str) -> Result<Vec<(String, String)>, String> {
            Ok(vec![(format!("from {origin}"), "kept".into())])
        }
        fn set(&self, _: &str, key: &str, value: &str) -> Result<(), String> {
            self.0.lock().unwrap().push(format!("set {key}={value}"));
            Ok(())
        }
        fn remove(&self, _: &str, key: &str) -> Result<(), String> {
            self.0.lock().unwrap().push(format!("remove {key}"));
            Ok(())
        }
        fn clear(&self, _: &str) -> Result<(), String> {
            self.0.lock().unwrap().push("clear".into());
            Ok(())
        }
    }

    fn page(url: &str) -> (Document, NodeId) {
        let mut d = Document::parse("<p>");
        d.set_url(url);
        let w = d.window_of(d.root()).unwrap().unwrap();
        (d, w)
    }

    #[test]
    fn keys_keep_their_order_and_the_quota_holds() {
        let (d, w) = page("https://example.org/a");
        let s = d.storage(w, StorageKind::Local).unwrap();
        assert_eq!(s.origin(), "https://example.org");
        s.set_item("b", "1").unwrap();
        s.set_item("a", "2").unwrap();
        s.set_item("b", "3").unwrap();
        assert_eq!(s.names(), ["b", "a"]);
        assert_eq!(s.key(1).unwrap().as_deref(), Some("a"));
        assert!(d.storage(w, StorageKind::Local).unwrap().same_area(&s));
        assert!(!d.storage(w, StorageKind::Session).unwrap().same_area(&s));
        let big = "x".repeat(QUOTA);
        assert!(matches!(
            s.set_item("big", &big),
            Err(DomError::QuotaExceeded(_))
        ));
        s.remove_item("b").unwrap();
        assert_eq!((s.length().unwrap(), s.get_item("b").unwrap()), (1, None));
        // Replacing the whole area's worth is allowed once it is free.
        s.clear().unwrap();
        s.set_item("", &"y".repeat(QUOTA)).unwrap();
    }

    #[test]
    fn local_storage_is_loaded_and_written_through() {
        let (mut d, w) = page("file:///tmp/page.html");
        let log = Arc::new(Log::default());
        d.set_storage_persistence(log.clone());
        let s = d.storage(w, StorageKind::Local).unwrap();
        assert_eq!(s.get_item("from file://").unwrap().as_deref(), Some("kept"));
        s.set_item("k", "v").unwrap();
        s.set_item("k", "v").unwrap();
        s.remove_item("k").unwrap();
        s.remove_item("k").unwrap();
        s.clear().unwrap();
        d.storage(w, StorageKind::Session)
            .unwrap()
            .set_item("s", "1")
            .unwrap();
        assert_eq!(*log.0.lock().unwrap(), ["set k=v", "remove k", "clear"]);
    }

    #[test]
    fn an_opaque_origin_has_no_storage() {
        let (d, w) = page("data:text/html,x");
        assert!(matches!(
            d.storage(w, StorageKind::Local),
            Err(DomError::Security(_))
        ));
    }
}
