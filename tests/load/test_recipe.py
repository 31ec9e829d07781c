"""`make serve` and the systemd unit run gunicorn as the load test measured it."""

from pathlib import Path

from bench.load import KEEP_ALIVE, THREADS, WORKERS

ROOT = Path(__file__).resolve().parents[2]
RECIPE = f"--workers {WORKERS} --threads {THREADS} --keep-alive {KEEP_ALIVE}"


def test_make_serve_and_the_service_use_the_measured_recipe():
    serve = ROOT.joinpath("Makefile").read_text().split("\nserve:")[1]
    assert RECIPE in serve.split("\n")[1]
    service = ROOT.joinpath("deploy/aiguillage.service").read_text()
    start = next(line for line in service.splitlines() if line.startswith("ExecStart="))
    assert RECIPE in start
