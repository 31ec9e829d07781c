"""The load test in CI: 200 kiosks and 3 editors against gunicorn, shorter than
`make load` (a 15 s ramp and 10 s at full strength instead of 40 s and 60 s).

bench/load.py does the work (python -m bench.load; `make load` prints the same
figures). Here it runs in a process group of its own, stopped whatever happens after
TIMEOUT seconds, and its figures must keep its promises:
no error, every staff edit and tablet write in the database, and a p99 under
300 ms. A run whose only miss is the p99 is run once more, and that second run
must keep every promise: a neighbour on a shared CI machine can take the cores
for a minute (docs/reliability.md has the figures of both kinds of run).
"""

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from bench.load import P99_TARGET_MS

from .conftest import FIGURES

ROOT = Path(__file__).resolve().parents[2]
# `make test` runs it alone, after the other tests: its p99 is a time.
pytestmark = pytest.mark.load
RAMP_SECONDS, FULL_SECONDS = 15, 10
# 15 s ramp + 10 s + 20 s for users to finish + set-up and checks, with room.
TIMEOUT = 180


@pytest.fixture(scope="module")
def figures(tmp_path_factory, request):
    """Run the load test; once more when its p99 alone missed the target; return
    the figures of the run that counts (every run's summary ends CI's log)."""
    summary = request.config.stash.setdefault(FIGURES, [])
    figures = run_load(tmp_path_factory, summary)
    if figures["problems"] and all(p.startswith("p99 ") for p in figures["problems"]):
        summary.append("p99 alone missed the target: the load test runs again")
        figures = run_load(tmp_path_factory, summary)
    return figures


def run_load(tmp_path_factory, summary: list[str]) -> dict:
    """Run bench.load once in a process group of its own; return its figures and
    add its last lines (all requests, p99, writes, CPU) to `summary`."""
    output = tmp_path_factory.mktemp("load") / "figures.json"
    command = [sys.executable, "-m", "bench.load", "--json", str(output)]
    command += ["--ramp", str(RAMP_SECONDS), "--seconds", str(FULL_SECONDS)]
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,  # its server and client go with it on a timeout
    )
    try:
        printed, _ = process.communicate(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        pytest.fail(f"the load test did not stop by itself within {TIMEOUT} s")
    print(printed)
    start = printed.find("all requests")
    summary.extend(printed[start:].splitlines() if start >= 0 else [printed[-3000:]])
    assert output.exists(), printed[-3000:]
    return json.loads(output.read_text())


def test_the_load_was_really_applied(figures):
    # 200 tablets show ~1,100 screens in this run on a quiet machine; a third of it
    # still says the users were running on a busy one, whatever the latencies say.
    kinds = figures["kinds"]
    assert figures["writes"]["screens counted"][1] > 400
    assert kinds["need: sub-needs or result"]["requests"] > 150
    assert figures["writes"]["kiosks with a heartbeat"][1] == 200  # all started
    for kind in ("heartbeat (POST)", "phone page (from the QR)", "static file"):
        assert kinds[kind]["requests"] > 15, kind
    assert kinds["language change (full load)"]["requests"] > 6


def test_no_request_failed(figures):
    assert figures["errors"] == 0, figures["failures"]
    assert figures["server_trouble_lines"] == 0, figures["server_trouble"]


def test_p99_meets_the_target(figures):
    assert figures["overall"]["p99"] < P99_TARGET_MS, figures["kinds"]


def test_every_staff_edit_is_in_the_database(figures):
    assert figures["edits"] >= 10  # ~27 on a quiet machine
    assert figures["lost_edits"] == []


def test_every_write_of_the_tablets_is_kept(figures):
    # Usage counters and heartbeats compete with the staff saves for SQLite's one
    # writer: none may be lost (a failed count is only logged, so count them).
    for name, (stored, served) in figures["writes"].items():
        assert stored == served, name
