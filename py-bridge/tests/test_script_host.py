"""The script host: page scripts see `document` and `window`, share
globals, and a failing script returns its traceback instead of raising."""

import pytest

import ecsdom


def test_scripts_share_globals_and_the_document():
    doc = ecsdom.parse("<p id=a>x</p>")
    host = ecsdom.ScriptHost(doc)
    assert host.run("count = 1\ndocument.getElementById('a').textContent = 'y'", "one.py") is None
    assert host.run("count += 1\nwindow.document.body.append(str(count))", "two.py") is None
    assert doc.body.innerHTML == '<p id="a">y</p>2'
    assert host.globals["count"] == 2
    assert host.run("assert window.window is window and window.document is document") is None


def test_a_failing_script_returns_its_traceback_and_the_page_goes_on():
    doc = ecsdom.parse("<p id=a>x</p>")
    host = ecsdom.ScriptHost(doc)
    tb = host.run("x = 1\n\ndocument.getElementById('a').appendChild(document.body)\n", "page.py")
    assert tb is not None
    assert 'File "page.py", line 3' in tb
    assert "document.getElementById('a').appendChild(document.body)" in tb
    assert "HierarchyRequestError" in tb
    assert host.run("x += 1") is None
    assert host.globals["x"] == 2


def test_syntax_errors_are_reported_too():
    host = ecsdom.ScriptHost(ecsdom.Document())
    tb = host.run("def broken(:\n", "bad.py")
    assert "SyntaxError" in tb and "bad.py" in tb


def test_a_runaway_script_is_interrupted_and_the_page_goes_on():
    host = ecsdom.ScriptHost(ecsdom.parse("<p>x</p>"))
    tb = host.run("n = 0\nwhile True:\n    n += 1\n", "loop.py", timeout=0.3)
    assert tb is not None and "script timeout" in tb and 'File "loop.py"' in tb
    assert host.globals["n"] > 0
    assert host.run("document.body.append('still here')", timeout=5) is None
    assert host.globals["document"].body.text.endswith("still here")


def test_a_timeout_interrupts_the_thread_that_runs_the_script():
    import threading
    import time

    host = ecsdom.ScriptHost(ecsdom.parse("<p>x</p>"))
    result: list[str | None] = []
    worker = threading.Thread(
        target=lambda: result.append(host.run("while True:\n    pass\n", "spin.py", timeout=0.3))
    )
    worker.start()
    # The main thread goes on undisturbed (no KeyboardInterrupt here).
    deadline = time.monotonic() + 30
    while worker.is_alive() and time.monotonic() < deadline:
        time.sleep(0.05)
    worker.join(timeout=1)
    assert not worker.is_alive()
    assert result and result[0] is not None and "script timeout" in result[0]


def test_a_script_that_ignores_sigint_is_still_interrupted():
    host = ecsdom.ScriptHost(ecsdom.parse("<p>x</p>"))
    tb = host.run(
        "import signal\nprevious = signal.signal(signal.SIGINT, signal.SIG_IGN)\n"
        "try:\n    while True:\n        pass\nfinally:\n    signal.signal(signal.SIGINT, previous)\n",
        "ignore.py",
        timeout=0.3,
    )
    assert tb is not None and "script timeout" in tb


def test_unbounded_and_odd_timeouts_do_not_panic():
    host = ecsdom.ScriptHost(ecsdom.parse("<body></body>"))
    assert host.run("document.body.append('ok')", timeout=float("inf")) is None
    assert host.run("y = sum(range(1000))", timeout=1e300) is None
    for bad in (float("nan"), -1.0):
        with pytest.raises(ValueError, match="non-negative"):
            host.run("z = 1", timeout=bad)
    assert "z" not in host.globals
