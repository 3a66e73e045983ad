"""Libraries imported on first need: a missing one stops the run with one clear message.

A missing library is a fault of the environment, not of the input: it would fail every file
of its kind the same way, so it is not recorded per record (as a broken file is) but raised as
:class:`MissingDependency`, which the readers and ``process_record`` let through and the
command line turns into one line and exit code 3.
"""

from __future__ import annotations

import importlib
from types import ModuleType

INSTALL_HINT = "make install, or: pip install -r requirements/runtime.lock"


class MissingDependency(RuntimeError):
    """A library the run needs is not installed (the message names it and how to install)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __reduce__(self) -> tuple[type, tuple[str]]:  # crosses process boundaries intact
        return (type(self), (self.message,))


def require(module: str, package: str, needed_for: str, extra: str = "") -> ModuleType:
    """Import ``module``; raise MissingDependency naming the pip ``package`` when that fails.

    ``extra`` names the optional-dependency group that installs it (e.g. "cluster").
    """
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        reason = str(exc).splitlines()[0] if str(exc) else module
        how = (
            f"pip install 'diplo-timeline[{extra}]'"
            if extra
            else f"pip install {package} (or: {INSTALL_HINT})"
        )
        raise MissingDependency(
            f"{needed_for} needs the Python package {package!r}, which is not installed "
            f"({type(exc).__name__}: {reason}). Install it with: {how}"
        ) from exc
