"""Run the benchmark from a checkout: ``python benchmarks/run.py [options]``.

The same as ``python -m etl bench`` (see etl/bench.py for what is measured); results go to
benchmarks/results/ (git-ignored).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from etl.bench import add_arguments, main  # noqa: E402

if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    add_arguments(parser)
    raise SystemExit(main(parser.parse_args()))
