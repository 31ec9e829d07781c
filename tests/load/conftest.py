"""The load test's figures in the terminal summary: pytest hides what a passing test
prints, and CI's log should still say what p99 it measured."""

import pytest

FIGURES = pytest.StashKey[list[str]]()


def pytest_terminal_summary(terminalreporter, config):
    lines = config.stash.get(FIGURES, [])
    if lines:
        terminalreporter.section("load test figures")
        for line in lines:
            terminalreporter.write_line(line)
