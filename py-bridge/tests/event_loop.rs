//! The page's timer queue: due order, virtual time, odd delays.

use ecsdom_py::host::event_loop::{Engine, Timers};

#[test]
fn timers_fire_in_due_order_in_virtual_time() {
    let t = Timers::new(false);
    let mut t = t.lock().unwrap();
    let a = t.add(Engine::Js, 100.0, false);
    let b = t.add(Engine::Python, 10.0, false);
    let c = t.add(Engine::Js, 10.0, false);
    let i = t.add(Engine::Python, 40.0, true);
    t.clear(Engine::Js, i); // another engine's id: not cleared
    let mut order = Vec::new();
    while let Some(Ok(due)) = t.take_due() {
        order.push((due.id, t.now_ms() as u64));
        if order.len() == 6 {
            t.clear(Engine::Python, i);
        }
    }
    assert_eq!(
        order,
        vec![(b, 10), (c, 10), (i, 40), (i, 80), (a, 100), (i, 120)]
    );
    assert!(t.is_empty());
}

#[test]
fn odd_delays_neither_panic_nor_overflow_the_clock() {
    let t = Timers::new(false);
    let mut t = t.lock().unwrap();
    let far = t.add(Engine::Js, 1e300, false);
    for d in [f64::INFINITY, f64::NAN, -5.0, 1e18] {
        t.add(Engine::Js, d, true);
    }
    let mut fired = 0;
    while let Some(Ok(due)) = t.take_due() {
        assert_ne!(
            due.id, far,
            "1e300 ms is clamped to 2^31 - 1 ms, past these"
        );
        fired += 1;
        if fired == 20 {
            break;
        }
    }
    assert_eq!(fired, 20);
    assert!(
        t.now_ms() < 100.0,
        "the NaN, infinite and negative delays are 0"
    );
}
