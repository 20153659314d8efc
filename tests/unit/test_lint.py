"""The Python is linted in the tests: the ruff pinned in the test extras, with the rules in pyproject.toml,
finds nothing in py/, bench/, build.py and tests/."""

import re
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PATHS = ["py", "bench", "build.py", "tests"]


def pinned_ruff() -> str:
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["optional-dependencies"]["test"]
    pins = [re.fullmatch(r"ruff==(\S+)", e) for e in extras]
    return next(m.group(1) for m in pins if m)


def ruff(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "ruff", *args], cwd=ROOT, capture_output=True, text=True)


def test_the_pinned_ruff_is_installed():
    version = ruff("--version")
    assert version.returncode == 0, 'ruff is missing: python3 -m pip install -e ".[test]" installs it'
    assert version.stdout.split() == ["ruff", pinned_ruff()]


def test_ruff_finds_nothing():
    result = ruff("check", "--no-cache", "--output-format", "concise", *PATHS)
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_reads_the_project_rules():
    # A finding the rules select, in a file of its own, is reported: the check above is not vacuous.
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", "--stdin-filename",
                             "tests/unit/lint_probe.py", "-"], cwd=ROOT, input="import os\n",
                            capture_output=True, text=True)
    assert result.returncode == 1 and "F401" in result.stdout
