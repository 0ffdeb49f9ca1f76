//! `ecsdom run`'s event loop and clock: timers of both languages in
//! virtual time, the virtual clock, microtask checkpoints, animation
//! frames, asyncio on the page's loop, and the limits that end runaway
//! scripts (script timeout, watchdog, time budget).

mod common;

use common::{dump_strict, ecsdom, page, text};

/// `ecsdom run PAGE --dump-dom --script-timeout SECONDS`.
fn dump_with_timeout(p: &std::path::Path, seconds: &str) -> std::process::Output {
    ecsdom(&[
        "run",
        p.to_str().unwrap(),
        "--dump-dom",
        "--script-timeout",
        seconds,
    ])
}

/// A runaway script in either language is interrupted and the page goes
/// on; so is an endless chain of microtasks (they count toward the time of
/// the script that queued them).
#[test]
fn runaway_scripts_are_interrupted_in_both_languages() {
    let loops = page(
        "loop",
        "<body><script>while (true) {}</script>\
         <script type=text/python>\nwhile True:\n    pass\n</script>\
         <script>document.body.textContent = 'after'</script></body>",
    );
    let microtasks = page(
        "microtasks",
        "<body><script>function f() { queueMicrotask(f) } f();\
         let p = Promise.resolve(); (function g() { p = p.then(g) })();</script>\
         <script>document.body.textContent = 'after'</script></body>",
    );
    for (p, timeouts) in [(loops, Some(2)), (microtasks, None)] {
        let out = dump_with_timeout(&p, "0.5");
        let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
        let n = stderr.matches("script timeout").count();
        assert!(timeouts.map_or(n > 0, |t| n == t), "{stderr}");
        assert!(stdout.contains("<body>after</body>"), "{stdout}");
    }
}

/// What neither engine can interrupt (a sleep, a script that catches the
/// interruption and goes on) is stopped by the watchdog: reported, the
/// DOM as it was, exit status 3.
#[test]
fn the_watchdog_stops_a_script_its_engine_cannot_interrupt() {
    let sleeper = page(
        "sleep",
        "<body><p>before</p><script type=text/python>\n\
         import time\n\
         print('printed before')\n\
         document.body.setAttribute('slept', 'no')\n\
         time.sleep(1000)\n\
         </script><script>document.body.textContent = 'never'</script></body>",
    );
    let stubborn = page(
        "stubborn",
        "<body><p>before</p><script type=text/python>\n\
         import signal\n\
         signal.signal(signal.SIGINT, signal.SIG_IGN)\n\
         while True:\n\
         \x20   try:\n\
         \x20       while True:\n\
         \x20           pass\n\
         \x20   except BaseException:\n\
         \x20       pass\n\
         </script></body>",
    );
    for p in [sleeper, stubborn] {
        let started = std::time::Instant::now();
        let out = dump_with_timeout(&p, "0.5");
        let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
        assert_eq!(out.status.code(), Some(3), "{stderr}");
        assert!(stderr.contains("the page is stopped"), "{stderr}");
        assert!(stdout.contains("<p>before</p>"), "{stdout}");
        assert!(!stdout.contains("never"), "{stdout}");
        if stdout.contains("slept") {
            assert!(stdout.starts_with("printed before\n"), "{stdout}");
        }
        // (Bounded: the timeout and the watchdog's grace, not the sleep.)
        assert!(started.elapsed() < std::time::Duration::from_secs(60));
    }
}

/// The time budget holds in wall-clock time too: a runaway interval (each
/// run cut at the script timeout) and a long real-time wait end with it,
/// and the report says what was pending.
#[test]
fn the_time_budget_ends_runaway_intervals_and_real_time_waits() {
    let runaway = page(
        "interval",
        "<body><script>setInterval(() => { for (;;) {} }, 5);</script></body>",
    );
    let waiting = page(
        "waiting",
        "<body><script>setTimeout(() => document.body.textContent = 'late', 20000);\
         setTimeout(() => document.body.setAttribute('early', 'yes'), 100);</script>\
         <script type=text/python>\n\
         import asyncio\n\
         async def main():\n\
         \x20   await asyncio.sleep(20)\n\
         \x20   document.body.setAttribute('py', 'late')\n\
         asyncio.create_task(main())\n\
         </script></body>",
    );
    for (p, extra) in [(runaway, None), (waiting, Some("--real-time"))] {
        let started = std::time::Instant::now();
        let mut args = vec![
            "run",
            p.to_str().unwrap(),
            "--dump-dom",
            "--script-timeout",
            "0.3",
            "--time-budget",
            "1",
        ];
        args.extend(extra);
        let out = ecsdom(&args);
        let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
        assert!(
            started.elapsed() < std::time::Duration::from_secs(10),
            "{stderr}"
        );
        assert!(
            stderr.contains("the event loop stopped at the time budget (1 s of real time)")
                && stderr.contains("timer(s) pending"),
            "{stderr}"
        );
        if extra.is_some() {
            assert!(stdout.contains("<body early=\"yes\">"), "{stdout}");
            assert!(stderr.contains("2 timer(s) pending"), "{stderr}");
        }
    }
}

#[test]
fn timers_of_both_languages_run_in_due_order_in_virtual_time() {
    let p = page(
        "timers",
        "<body><ol id=log></ol>\
         <script>\
         globalThis.log = (s) => { const li = document.createElement('li'); li.textContent = s; document.getElementById('log').appendChild(li); };\
         setTimeout(() => log('js 10000ms at ' + performance.now()), 10000);\
         setTimeout(() => log('js 5ms'), 5);\
         const every = setInterval(() => { log('js interval'); if (++globalThis.n >= 3) clearInterval(every); }, 20);\
         globalThis.n = 0;\
         Promise.resolve().then(() => log('js microtask'));\
         const never = setTimeout(() => log('never'), 1); clearTimeout(never);\
         </script>\
         <script type=text/python>\n\
         def log(s):\n\
         \x20   li = document.createElement('li'); li.textContent = s\n\
         \x20   document.getElementById('log').appendChild(li)\n\
         setTimeout(lambda: log('py 30ms'), 30)\n\
         setTimeout(log, 1, 'py 1ms with arg')\n\
         queueMicrotask(lambda: log('py microtask'))\n\
         </script></body>",
    );
    let started = std::time::Instant::now();
    let out = ecsdom(&["run", p.to_str().unwrap(), "--dump-dom", "--strict"]);
    assert!(
        started.elapsed() < std::time::Duration::from_secs(5),
        "virtual time does not wait"
    );
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let expected = "<ol id=\"log\"><li>js microtask</li><li>py microtask</li><li>py 1ms with arg</li>\
        <li>js 5ms</li><li>js interval</li><li>py 30ms</li><li>js interval</li><li>js interval</li>\
        <li>js 10000ms at 10000.005</li></ol>";
    // (The read moves the virtual clock on by 5 us, the finest resolution
    // browsers give.)
    assert!(stdout.contains(expected), "{stdout}");
}

/// A microtask checkpoint follows each listener of an event the host
/// fires (`load` here), inside the listener's call while `window.event` is
/// the event; a script's `click()` has none between its listeners. The
/// order is Chromium 156's for the same page.
#[test]
fn microtasks_run_after_each_listener_of_a_host_event() {
    let p = page(
        "checkpoints",
        "<body><script>\
         const log = [];\
         addEventListener('load', () => { Promise.resolve().then(() => log.push('micro 1')); log.push('load 1'); });\
         addEventListener('load', () => { log.push('load 2'); queueMicrotask(() => log.push('micro 2')); });\
         addEventListener('load', async () => { await null; log.push('after await ' + window.event.type); });\
         const b = document.createElement('button');\
         b.addEventListener('click', () => { Promise.resolve().then(() => log.push('c-micro')); log.push('click 1'); });\
         b.addEventListener('click', () => log.push('click 2'));\
         addEventListener('load', () => { b.click(); log.push('after click'); });\
         setTimeout(() => document.body.setAttribute('log', log.join(', ')), 100);\
         </script><script type=text/python>\n\
         def on_load(e):\n\
         \x20   window.queueMicrotask(lambda: document.body.setAttribute('py', str(len(log_js()))))\n\
         def log_js():\n\
         \x20   return document.body.getAttribute('log') or ''\n\
         window.addEventListener('load', on_load)\n\
         </script></body>",
    );
    let dom = dump_strict(&p);
    assert!(
        dom.contains(
            "log=\"load 1, micro 1, load 2, micro 2, after await load, click 1, click 2, after click, c-micro\""
        ),
        "{dom}"
    );
    // The Python listener's microtask ran before the timer.
    assert!(dom.contains("py=\"0\""), "{dom}");
}

/// In virtual time the clock moves on 5 us at each read, so a script that
/// waits on it ends, in either language, and two events' timestamps differ.
#[test]
fn a_busy_wait_on_the_virtual_clock_ends() {
    let p = page(
        "busy-wait",
        "<body><script>\
         const start = performance.now(); let reads = 0;\
         while (performance.now() - start < 5) reads++;\
         document.body.setAttribute('js', reads > 0 && new Event('a').timeStamp < new Event('b').timeStamp);\
         </script><script type=text/python>\n\
         start = window.performance.now()\n\
         while window.performance.now() - start < 5:\n\
         \x20   pass\n\
         document.body.setAttribute('py', 'done')\n\
         </script></body>",
    );
    let out = ecsdom(&[
        "run",
        p.to_str().unwrap(),
        "--dump-dom",
        "--strict",
        "--script-timeout",
        "20",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("<body js=\"true\" py=\"done\">"),
        "{}",
        text(&out.stdout)
    );
}

#[test]
fn asyncio_runs_on_the_pages_loop_in_virtual_time() {
    let p = page(
        "asyncio",
        "<body><ol id=log></ol><script type=text/python>\n\
         import asyncio\n\
         def log(s):\n\
         \x20   li = document.createElement('li'); li.textContent = s; document.getElementById('log').appendChild(li)\n\
         async def worker(name, delay):\n\
         \x20   await asyncio.sleep(delay)\n\
         \x20   log(f'worker {name}')\n\
         async def main():\n\
         \x20   log('main start')\n\
         \x20   await asyncio.sleep(10)\n\
         \x20   log(f'after 10 s at {performance.now():.0f} ms')\n\
         \x20   await asyncio.gather(worker('a', 0.05), worker('b', 0.01))\n\
         \x20   log('main done')\n\
         asyncio.create_task(main())\n\
         setTimeout(lambda: log('timeout 10020'), 10020)\n\
         log('script end')\n\
         </script></body>",
    );
    let started = std::time::Instant::now();
    let out = ecsdom(&["run", p.to_str().unwrap(), "--dump-dom", "--strict"]);
    assert!(
        started.elapsed() < std::time::Duration::from_secs(5),
        "virtual time does not wait"
    );
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        stdout.contains(
            "<ol id=\"log\"><li>script end</li><li>main start</li><li>after 10 s at 10000 ms</li>\
             <li>worker b</li><li>timeout 10020</li><li>worker a</li><li>main done</li></ol>"
        ),
        "{stdout}"
    );
}

#[test]
fn animation_frames_in_both_languages_share_frames_in_virtual_time() {
    let p = page(
        "raf",
        "<body><p id=log></p><script>\
         const log = document.getElementById('log');\
         requestAnimationFrame((t) => log.append(`js1@${Math.round(t)} `));\
         const dropped = requestAnimationFrame(() => log.append('never '));\
         cancelAnimationFrame(dropped);\
         setTimeout(() => requestAnimationFrame((t) => log.append(`js2@${Math.round(t)} `)), 20);\
         </script><script type=py>\n\
         log = document.getElementById('log')\n\
         requestAnimationFrame(lambda t: log.append(f'py1@{round(t)} '))\n\
         def again(t, n=[0]):\n\
         \x20   n[0] += 1\n\
         \x20   if n[0] == 3:\n\
         \x20       log.setAttribute('py', f'{n[0]}@{round(t)}')\n\
         \x20   else:\n\
         \x20       requestAnimationFrame(again)\n\
         requestAnimationFrame(again)\n\
         </script><script>\
         let n = 0;\
         requestAnimationFrame(function again(t) {\
           if (++n < 4) requestAnimationFrame(again); else log.setAttribute('js', `${n}@${Math.round(t)}`);\
         });\
         setTimeout(() => log.setAttribute('timer', Math.round(performance.now())), 40);\
         </script></body>",
    );
    let out = ecsdom(&["run", p.to_str().unwrap(), "--dump-dom", "--strict"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    // Frames at 60 Hz: both first callbacks in frame 1 (16.7 ms), the one
    // requested at 20 ms in frame 2 (33.3 ms); a callback that requests
    // another gets the next frame (the fourth is at 66.7 ms), and the
    // clock moves on between frames.
    assert!(
        text(&out.stdout).contains(
            "<p id=\"log\" timer=\"40\" py=\"3@50\" js=\"4@67\">js1@17 py1@17 js2@33 </p>"
        ),
        "{}",
        text(&out.stdout)
    );
}

#[test]
fn huge_delays_and_unbounded_budgets_do_not_panic() {
    let p = page(
        "huge",
        "<body><p id=log></p><script>\
         const log = document.getElementById('log');\
         setTimeout(() => log.append('js-huge '), 1e300);\
         setTimeout(() => log.append('js-wrapped '), 2 ** 32 + 5);\
         setTimeout(() => log.append('js-nan '), NaN);\
         const iv = setInterval(() => clearInterval(iv), Infinity);\
         </script><script type=py>\n\
         log = document.getElementById('log')\n\
         setTimeout(lambda: log.append('py-inf '), float('inf'))\n\
         setTimeout(lambda: log.append('py-huge '), 1e300)\n\
         </script></body>",
    );
    for budget in ["inf", "1e30", "0.5"] {
        let out = ecsdom(&[
            "run",
            p.to_str().unwrap(),
            "--dump-dom",
            "--strict",
            "--time-budget",
            budget,
            "--script-timeout",
            "inf",
        ]);
        let stderr = text(&out.stderr);
        assert!(out.status.success(), "{budget}: {stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
        // 1e300 is a multiple of 2^32, so as a `long` it is 0, as is NaN;
        // 2^32 + 5 wraps to 5. Python's infinity is 0 too, its 1e300 the
        // longest delay, which a finite budget never reaches.
        let dom = text(&out.stdout);
        assert!(
            dom.contains("<p id=\"log\">js-huge js-nan py-inf js-wrapped "),
            "{budget}: {dom}"
        );
    }
    let bad = ecsdom(&["run", p.to_str().unwrap(), "--time-budget", "nan"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(text(&bad.stderr).contains("not a number of seconds"));
}

/// `event.timeStamp` is read on the page's clock, the one
/// `performance.now()` reads (virtual time here), in both languages, for
/// events either language made; an accessor of `Event.prototype`.
#[test]
fn event_time_stamps_read_the_page_clock_in_both_languages() {
    let p = page(
        "time-stamps",
        "<body><script>\
         const e = new Event('x'), t = performance.now();\
         console.log('js', t > e.timeStamp && t - e.timeStamp < 0.01,\
           Object.hasOwn(Event.prototype, 'timeStamp'), Object.hasOwn(new Event('x'), 'timeStamp'));\
         setTimeout(() => console.log('js later', Math.round(new CustomEvent('y').timeStamp)), 250);\
         document.addEventListener('py', (e) => console.log('js sees', Math.round(e.timeStamp)));\
         </script><script type=text/python>\n\
         e = Event('x')\n\
         print('py', 0 < window.performance.now() - e.timeStamp < 0.01)\n\
         def later():\n\
         \x20   print('py later', round(Event('z').timeStamp))\n\
         \x20   document.dispatchEvent(Event('py'))\n\
         window.setTimeout(later, 500)\n\
         </script></body>",
    );
    let out = ecsdom(&["run", p.to_str().unwrap(), "--strict"]);
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert!(out.status.success(), "{stderr}");
    assert_eq!(
        stdout,
        "js true true false\npy True\njs later 250\npy later 500\njs sees 500\n"
    );
}

/// The focus fixup of an update of the rendering: a focused element that
/// became inert or unrendered (`display: none` by a style, the `hidden`
/// attribute) loses the focus at the next frame, with `blur` and
/// `focusout` at it, for listeners of both languages; an element in a
/// `display: none` subtree cannot be focused.
#[test]
fn a_focused_element_that_is_no_longer_focusable_is_blurred_at_the_next_frame() {
    let p = page(
        "fixup",
        "<style>.gone { display: none }</style>\
         <body><p id=log></p><div id=box><button id=b>b</button></div>\
         <div class=gone><button id=hidden>h</button></div>\
         <script>\
         const log = document.getElementById('log');\
         const b = document.getElementById('b');\
         b.addEventListener('blur', () => log.append(`js-blur:${document.activeElement.nodeName} `));\
         document.getElementById('hidden').focus();\
         log.append(`unrendered:${document.activeElement.nodeName} `);\
         b.focus();\
         document.getElementById('box').setAttribute('inert', '');\
         log.append(`still:${document.activeElement.id} `);\
         setTimeout(() => {\
           log.append(`later:${document.activeElement.nodeName} `);\
           document.getElementById('box').removeAttribute('inert');\
           b.focus();\
           document.getElementById('box').className = 'gone';\
         }, 100);\
         setTimeout(() => log.append(`end:${document.activeElement.nodeName}`), 200);\
         </script><script type=py>\n\
         b = document.getElementById('b')\n\
         b.addEventListener('focusout', lambda e: document.getElementById('log').append('py-focusout '))\n\
         </script></body>",
    );
    let out = ecsdom(&["run", p.to_str().unwrap(), "--dump-dom", "--strict"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains(
            "<p id=\"log\">unrendered:BODY still:b js-blur:BODY py-focusout \
             later:BODY js-blur:BODY py-focusout end:BODY</p>"
        ),
        "{}",
        text(&out.stdout)
    );
}
