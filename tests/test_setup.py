"""The set-up a newcomer meets: the Makefile's virtual environment, the dependency
ranges, and the README's table of configuration variables."""

import os
import re
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest

from kiosk.config import Config

ROOT = Path(__file__).resolve().parent.parent
# A python3 whose venv module fails as Debian's does without python3-venv: it writes
# bin/python, then ensurepip is missing.
HALF_VENV = """#!/bin/sh
mkdir -p "$3/bin" && touch "$3/bin/python"
echo "ensurepip is not available" >&2
exit 1
"""
# Read from the environment on purpose but not configuration: a test hook.
NOT_CONFIGURATION = {"AIGUILLAGE_IMPORT_PAUSE"}


@pytest.fixture
def scratch(tmp_path):
    """Return a folder holding a copy of the Makefile and a broken python3."""
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    shutil.copy(ROOT / "Makefile", tmp_path / "Makefile")
    bin_dir = tmp_path / "fakebin"
    bin_dir.mkdir()
    (bin_dir / "python3").write_text(HALF_VENV)
    (bin_dir / "python3").chmod(0o755)
    return tmp_path


def make(folder: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PATH": f"{folder / 'fakebin'}:/usr/bin:/bin"}
    return subprocess.run(
        ["make", "--no-print-directory", "-C", str(folder), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )


def test_without_python3_venv_make_leaves_no_half_made_venv(scratch):
    result = make(scratch, "PYTHON=no-such-python", ".venv/bin/pip")
    assert result.returncode != 0
    assert "sudo apt-get install -y python3-venv" in result.stdout
    assert not (scratch / ".venv").exists()  # the next run tries again


def test_a_half_made_venv_from_before_is_made_again(scratch):
    (scratch / ".venv" / "bin").mkdir(parents=True)
    (scratch / ".venv" / "bin" / "python").touch()
    plan = make(scratch, "-n", "PYTHON=python3", ".venv/bin/pip").stdout
    assert "rm -rf .venv" in plan and "-m venv .venv" in plan


def test_every_dependency_is_listed_once_within_a_range():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    specs = project["dependencies"] + project["optional-dependencies"]["test"]
    names = [re.match(r"[A-Za-z0-9_.-]+", spec).group(0).lower() for spec in specs]
    assert len(names) == len(set(names)), names
    # tzdata only brings newer time zone rules: capping it would only hold them back.
    pairs = zip(specs, names, strict=True)
    assert [s for s, name in pairs if "<" not in s and name != "tzdata"] == []


def readme_variables() -> set[str]:
    """Return the variables of the README's configuration table."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    return set(re.findall(r"^\| `([A-Z_]+)` \|", table, flags=re.MULTILINE))


def variables_read_directly() -> set[str]:
    """Return the environment variables the code reads outside Config."""
    found = set()
    for path in [*(ROOT / "kiosk").rglob("*.py"), ROOT / "wsgi.py"]:
        code = path.read_text(encoding="utf-8")
        found |= set(re.findall(r"environ(?:\.get\(|\[)\s*\"([A-Z_]+)\"", code))
        found |= set(re.findall(r"getenv\(\s*\"([A-Z_]+)\"", code))
        found |= set(re.findall(r"^[A-Z_]*VARIABLE = \"([A-Z_]+)\"", code, re.M))
    return found


def test_the_readme_table_lists_every_variable_the_app_reads():
    read = set(Config.names()) | variables_read_directly()
    assert "AIGUILLAGE_PASSWORD" in read  # the scan sees the direct reads
    assert sorted(read - NOT_CONFIGURATION - readme_variables()) == []


def test_the_readme_table_lists_nothing_the_app_ignores():
    makefile = (ROOT / "Makefile").read_text()
    used = set(Config.names()) | variables_read_directly()
    ignored = {v for v in readme_variables() - used if f"$({v})" not in makefile}
    assert ignored == set()
