//! `FormData` (<https://xhr.spec.whatwg.org/#interface-formdata>): an
//! entry list of names and values, made empty, from a form (HTML's
//! "constructing the entry list", `Document::form_entry_list`) or by a
//! body's `formData()`; a body made of one is `multipart/form-data`
//! (`multipart.rs`). Entries are strings: ecsdom has no `Blob` or `File`,
//! so the overloads that take one are absent and a form's file inputs
//! add no entry.

use std::sync::{Arc, Mutex, MutexGuard};

use crate::DomResult;

/// A `FormData` object. Clones are the same object.
#[derive(Clone, Debug, Default)]
pub struct FormData(Arc<Mutex<Vec<(String, String)>>>);

impl FormData {
    /// An empty entry list (`new FormData()`).
    pub fn new() -> FormData {
        FormData::default()
    }

    /// A `FormData` of these entries.
    pub fn from_entries(entries: Vec<(String, String)>) -> FormData {
        FormData(Arc::new(Mutex::new(entries)))
    }

    fn list(&self) -> MutexGuard<'_, Vec<(String, String)>> {
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The entries, in order.
    pub fn entries(&self) -> Vec<(String, String)> {
        self.list().clone()
    }

    /// `append(name, value)`.
    pub fn append(&self, name: &str, value: &str) -> DomResult<()> {
        self.list().push((name.to_owned(), value.to_owned()));
        Ok(())
    }

    /// `delete(name)`: every entry of that name.
    pub fn delete(&self, name: &str) -> DomResult<()> {
        self.list().retain(|(n, _)| n != name);
        Ok(())
    }

    /// `get(name)`: the first value of that name.
    pub fn get(&self, name: &str) -> DomResult<Option<String>> {
        Ok(self
            .list()
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone()))
    }

    /// `getAll(name)`: every value of that name, in order.
    pub fn get_all(&self, name: &str) -> DomResult<Vec<String>> {
        Ok(self
            .list()
            .iter()
            .filter(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
            .collect())
    }

    /// `has(name)`.
    pub fn has(&self, name: &str) -> DomResult<bool> {
        Ok(self.list().iter().any(|(n, _)| n == name))
    }

    /// `set(name, value)`: the first entry of that name takes the value
    /// and the others go; appended when there is none.
    pub fn set(&self, name: &str, value: &str) -> DomResult<()> {
        let mut list = self.list();
        match list.iter().position(|(n, _)| n == name) {
            Some(i) => {
                list[i].1 = value.to_owned();
                let mut k = 0;
                list.retain(|(n, _)| {
                    k += 1;
                    k - 1 <= i || n != name
                });
            }
            None => list.push((name.to_owned(), value.to_owned())),
        }
        Ok(())
    }

    /// The entry at `index` (the iterators' step, so they see changes).
    pub fn pair_at(&self, index: usize) -> DomResult<Option<(String, String)>> {
        Ok(self.list().get(index).cloned())
    }
}
