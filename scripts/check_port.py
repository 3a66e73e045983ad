"""Exit 1 with a one-line hint when the dashboard's port is taken (``make run`` calls it).

    python scripts/check_port.py PORT
"""

from __future__ import annotations

import socket
import sys


def in_use(port: int) -> bool:
    """True when something listens on ``port`` (a port left in TIME_WAIT counts as free,
    as it does for the dashboard's server, which also sets SO_REUSEADDR)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("", port))
        except OSError:
            return True
    return False


def next_free(port: int, tries: int = 50) -> int | None:
    return next((p for p in range(port + 1, min(port + 1 + tries, 65536)) if not in_use(p)), None)


def main(argv: list[str]) -> int:
    try:
        port = int(argv[0])
        if not 1 <= port <= 65535:
            raise ValueError
    except (IndexError, ValueError):
        print(f"PORT must be a number from 1 to 65535, got {' '.join(argv) or 'nothing'}", file=sys.stderr)
        return 2
    if not in_use(port):
        return 0
    free = next_free(port)
    hint = f"run `make run PORT={free}`" if free else "stop what uses it or choose another PORT="
    print(f"port {port} is in use (is the dashboard already running?): {hint}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
