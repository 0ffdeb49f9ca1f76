//! `localStorage` kept between runs (`ecsdom run --user-data-dir DIR`,
//! `load_page(user_data_dir=...)`): an SQLite database,
//! `DIR/local-storage.sqlite3`, one row per origin and key, in the order
//! keys were first set. dom-ecs keeps each area in memory and writes
//! every change through ([`dom_ecs::storage::Persist`]).

use std::path::Path;
use std::sync::Mutex;

use rusqlite::{Connection, OptionalExtension as _, params};

/// The database of one user data directory.
pub struct SqliteStore(Mutex<Connection>);

impl SqliteStore {
    /// Open (or make) the store in `dir` (made, readable by the user
    /// only, if missing).
    ///
    /// # Errors
    /// A message naming the directory or database that could not be made
    /// or opened.
    pub fn open(dir: &Path) -> Result<SqliteStore, String> {
        let mut builder = std::fs::DirBuilder::new();
        builder.recursive(true);
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
        builder
            .create(dir)
            .map_err(|e| format!("--user-data-dir {}: {e}", dir.display()))?;
        let path = dir.join("local-storage.sqlite3");
        let db = Connection::open(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        db.execute_batch(
            "PRAGMA journal_mode = WAL;
             PRAGMA synchronous = NORMAL;
             CREATE TABLE IF NOT EXISTS items (
                 origin TEXT NOT NULL,
                 key TEXT NOT NULL,
                 value TEXT NOT NULL,
                 seq INTEGER NOT NULL,
                 PRIMARY KEY (origin, key)
             );",
        )
        .map_err(|e| format!("{}: {e}", path.display()))?;
        Ok(SqliteStore(Mutex::new(db)))
    }

    fn db(&self) -> std::sync::MutexGuard<'_, Connection> {
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl dom_ecs::storage::Persist for SqliteStore {
    fn load(&self, origin: &str) -> Result<Vec<(String, String)>, String> {
        let db = self.db();
        let mut q = db
            .prepare_cached("SELECT key, value FROM items WHERE origin = ?1 ORDER BY seq")
            .map_err(|e| e.to_string())?;
        let rows = q
            .query_map(params![origin], |r| Ok((r.get(0)?, r.get(1)?)))
            .map_err(|e| e.to_string())?;
        rows.collect::<Result<Vec<_>, _>>()
            .map_err(|e| e.to_string())
    }

    fn set(&self, origin: &str, key: &str, value: &str) -> Result<(), String> {
        let db = self.db();
        // A key keeps its place when its value changes; a new one goes last.
        let updated = db
            .prepare_cached("UPDATE items SET value = ?3 WHERE origin = ?1 AND key = ?2")
            .and_then(|mut q| q.execute(params![origin, key, value]))
            .map_err(|e| e.to_string())?;
        if updated == 0 {
            let last: Option<i64> = db
                .prepare_cached("SELECT MAX(seq) FROM items WHERE origin = ?1")
                .and_then(|mut q| q.query_row(params![origin], |r| r.get(0)).optional())
                .map_err(|e| e.to_string())?
                .flatten();
            db.prepare_cached(
                "INSERT INTO items (origin, key, value, seq) VALUES (?1, ?2, ?3, ?4)",
            )
            .and_then(|mut q| q.execute(params![origin, key, value, last.unwrap_or(0) + 1]))
            .map_err(|e| e.to_string())?;
        }
        Ok(())
    }

    fn remove(&self, origin: &str, key: &str) -> Result<(), String> {
        self.db()
            .prepare_cached("DELETE FROM items WHERE origin = ?1 AND key = ?2")
            .and_then(|mut q| q.execute(params![origin, key]))
            .map(|_| ())
            .map_err(|e| e.to_string())
    }

    fn clear(&self, origin: &str) -> Result<(), String> {
        self.db()
            .prepare_cached("DELETE FROM items WHERE origin = ?1")
            .and_then(|mut q| q.execute(params![origin]))
            .map(|_| ())
            .map_err(|e| e.to_string())
    }
}
