//! `--user-data-dir`'s store: `localStorage` pairs kept in SQLite.

use dom_ecs::storage::Persist as _;
use ecsdom_py::host::storage::SqliteStore;

#[test]
fn pairs_survive_a_reopen_in_their_order() {
    let dir = std::env::temp_dir().join(format!("ecsdom-store-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    {
        let s = SqliteStore::open(&dir).unwrap();
        s.set("https://a", "z", "1").unwrap();
        s.set("https://a", "y", "2").unwrap();
        s.set("https://a", "z", "3").unwrap();
        s.set("https://b", "x", "4").unwrap();
        s.remove("https://a", "nothing").unwrap();
    }
    let s = SqliteStore::open(&dir).unwrap();
    assert_eq!(
        s.load("https://a").unwrap(),
        [("z".into(), "3".into()), ("y".into(), "2".into())]
    );
    s.clear("https://a").unwrap();
    assert!(s.load("https://a").unwrap().is_empty());
    assert_eq!(s.load("https://b").unwrap().len(), 1);
    let _ = std::fs::remove_dir_all(&dir);
}
