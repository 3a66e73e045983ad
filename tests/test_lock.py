"""Lock files pin what a fresh install resolves, and make installs from them (issue 13)."""

from __future__ import annotations

import subprocess
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
ENV = {"python_version": "3.11", "python_full_version": "3.11.7", "sys_platform": "linux",
       "platform_system": "Linux", "os_name": "posix", "platform_machine": "x86_64",
       "implementation_name": "cpython", "platform_python_implementation": "CPython"}  # fmt: skip


def pins(lock: str) -> dict[str, str]:
    """name -> version of the lines that apply on Linux, Python 3.11."""
    out = {}
    for line in (ROOT / "requirements" / lock).read_text(encoding="utf-8").splitlines():
        if line and not line.startswith((" ", "#", "-")):
            req = Requirement(line)
            if req.marker is None or req.marker.evaluate(ENV):
                (spec,) = req.specifier
                assert spec.operator == "==", line
                out[canonicalize_name(req.name)] = spec.version
    return out


@pytest.mark.parametrize(
    ("lock", "groups"), [("runtime.lock", ()), ("dev.lock", ("test",)), ("dev.lock", ())]
)
def test_every_declared_dependency_is_pinned_within_its_range(lock: str, groups: tuple[str, ...]):
    pinned = pins(lock)
    declared = list(PROJECT["dependencies"])
    for g in groups:
        declared += PROJECT["optional-dependencies"][g]
    for line in declared:
        req = Requirement(line)
        name = canonicalize_name(req.name)
        assert name in pinned, f"{req.name} is not in requirements/{lock}: run make lock"
        assert req.specifier.contains(pinned[name]), f"{lock}: {name}=={pinned[name]} vs {req}"


@pytest.mark.parametrize("name", ["lxml-html-clean", "scikit-learn", "numpy"])
def test_runtime_lock_has_the_once_missing_packages(name: str):
    assert name in pins("runtime.lock")


def test_plain_install_has_no_test_tools():
    assert not {"pytest", "dask", "playwright", "hypothesis"} & set(pins("runtime.lock"))


def test_dev_lock_agrees_with_runtime_lock():
    runtime, dev = pins("runtime.lock"), pins("dev.lock")
    assert {n: v for n, v in dev.items() if n in runtime} == runtime


def _dry_run(*args: str) -> str:
    r = subprocess.run(["make", "-n", "-B", *args], cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    return r.stdout


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("install", "pip install -q -r requirements/dev.lock"),
        ("install", "pip install -q -e . --no-deps"),
        ("install", "pip check"),
        ("run", "scripts/check_port.py 8502"),
        ("run", "--server.port 8502"),
    ],
)
def test_make_installs_from_the_lock(tmp_path: Path, target: str, expected: str):
    assert expected in _dry_run(target, f"VENV={tmp_path / 'venv'}", "PORT=8502")


def test_ci_plain_install_uses_runtime_lock_without_extras():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "pip install -q -r requirements/runtime.lock" in ci
    assert 'pip install -q --no-deps "$root"' in ci and "[test]" not in ci
    assert "scripts/plain_install_check.py" in ci
