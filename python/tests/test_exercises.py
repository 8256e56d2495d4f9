"""Runs every Python exercise (python/exercises) with --quick: each checks
its own result and exits non-zero on failure."""
import glob
import os
import subprocess
import sys

import pytest

import ember

EXERCISES = sorted(glob.glob(os.path.join(os.path.dirname(__file__), "..", "exercises", "ex*.py")))


@pytest.mark.parametrize("script", EXERCISES, ids=[os.path.basename(s) for s in EXERCISES])
def test_exercise(script, tmp_path):
    env = dict(os.environ, PYTHONPATH=os.path.dirname(os.path.dirname(ember.__file__)))
    result = subprocess.run([sys.executable, os.path.abspath(script), "--quick"], cwd=tmp_path, env=env,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "all checks passed" in result.stdout
