"""The worker pool: the same findings in the same order whatever ``--jobs``, small runs in
one process, a worker that dies costs only its file, and no process is left behind."""

from __future__ import annotations

import json
import multiprocessing
import os
import shutil
import sys
from pathlib import Path

import pytest
from conftest import run, write

from zerolint.run import parallel

REPO_ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="the tests fork workers as zerolint does"
)


@pytest.fixture(scope="module")
def catalog(tmp_path_factory) -> Path:
    """The rule catalog and the examples, in a project of their own."""
    root = tmp_path_factory.mktemp("catalog")
    shutil.copytree(REPO_ROOT / "rules", root / "rules")
    shutil.copytree(REPO_ROOT / "examples", root / "examples")
    write(root, "pyproject.toml", "[tool.zerolint]\n")
    return root


def _json(args: list[str], cwd: Path) -> tuple[int, str]:
    code, stdout, stderr = run(["--output-format", "json", *args, "."], cwd)
    assert stderr == ""
    return code, stdout


def test_the_same_findings_with_one_process_with_the_pool_and_from_the_cache(catalog):
    assert len(list(catalog.rglob("*.py"))) >= parallel.MIN_FILES  # the pool runs
    one = _json(["--no-cache", "--jobs", "1"], catalog)
    pool = _json(["--no-cache", "--jobs", "2"], catalog)
    cold = _json(["--jobs", "2"], catalog)
    warm = _json(["--jobs", "2"], catalog)
    assert one == pool == cold == warm
    code, stdout = one
    paths = [d["path"] for d in json.loads(stdout)["diagnostics"]]
    assert code == 1 and len(paths) > 50 and paths == sorted(paths)


def _square(number: int) -> tuple[int, int]:
    return number * number, os.getpid()


def test_a_small_run_stays_in_this_process():
    jobs = list(range(parallel.MIN_FILES - 1))
    results = list(parallel.run(jobs, _square, 4, lambda job, code: None))
    assert [result for _, (result, _) in results] == [n * n for n in jobs]
    assert {pid for _, (_, pid) in results} == {os.getpid()}


def test_a_large_run_uses_workers_and_hands_out_the_largest_first():
    jobs = list(range(40))
    results = list(parallel.run(jobs, _square, 2, lambda job, code: None, size=lambda n: n))
    assert sorted(job for job, _ in results) == jobs
    assert all(result == job * job for job, (result, _) in results)
    assert os.getpid() not in {pid for _, (_, pid) in results}
    assert results[0][0] >= 36  # the largest jobs went out first
    assert multiprocessing.active_children() == []


def _dies_on_13(number: int) -> int:
    if number == 13:
        os._exit(3)
    return number


def test_a_worker_that_dies_costs_only_its_job():
    lost = []
    results = dict(
        parallel.run(list(range(30)), _dies_on_13, 2, lambda job, code: lost.append((job, code)))
    )
    assert lost == [(13, 3)]
    assert {job: result for job, result in results.items() if job != 13} == {
        n: n for n in range(30) if n != 13
    }
    assert multiprocessing.active_children() == []


def test_stopping_early_leaves_no_worker_behind():
    results = parallel.run(list(range(40)), _square, 2, lambda job, code: None)
    next(results)
    results.close()
    assert multiprocessing.active_children() == []


def test_a_file_whose_worker_died_is_an_error_and_the_others_are_linted(tmp_path):
    for number in range(parallel.MIN_FILES + 2):
        write(tmp_path, f"train_{number}.py", "import keras\nx = 1\n")
    write(tmp_path, "pyproject.toml", "[tool.zerolint]\n")
    # A worker killed by a signal on one file, as the kernel's out-of-memory killer does.
    driver = (
        "import os, signal, sys\n"
        "import zerolint.run.runner as runner\n"
        "real = runner.lint_source\n"
        "def lint(source, rules, options=None):\n"
        "    if source.path.endswith('train_3.py'):\n"
        "        os.kill(os.getpid(), signal.SIGKILL)\n"
        "    return real(source, rules, options)\n"
        "runner.lint_source = lint\n"
        "from zerolint.cli.main import main\n"
        "sys.exit(main(sys.argv[1:]))\n"
    )
    code, stdout, stderr = run(
        ["--no-cache", "--jobs", "2", "--output-format", "concise", "."],
        tmp_path,
        exe=[sys.executable, "-c", driver],
    )
    assert code == 2
    assert stderr.splitlines()[0] == (
        "train_3.py: error: internal error: the process linting this file stopped (killed) "
        "(please report this)"
    )
    assert "1 path could not be checked." in stderr


def test_when_no_worker_can_start_the_jobs_run_in_this_process(monkeypatch):
    def refuse(self, context, task):
        raise OSError("Resource temporarily unavailable")

    monkeypatch.setattr(parallel._Worker, "__init__", refuse)
    results = list(parallel.run(list(range(20)), _square, 2, lambda job, code: None))
    assert sorted(job for job, _ in results) == list(range(20))
    assert {pid for _, (_, pid) in results} == {os.getpid()}
