"""Command line: a thin layer over the library (``python -m etl run|evaluate|bench``)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

# The extraction is process-parallel (--workers, Dask); numpy's BLAS threads (language
# identification) only compete with it for the cores. Set before numpy is first imported.
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")
# Arrow's default allocator (mimalloc) keeps freed pages: ~30 MB more peak RSS on 100k articles.
os.environ.setdefault("ARROW_DEFAULT_MEMORY_POOL", "system")


def _columns(spec: str | None) -> dict[str, str] | None:
    if not spec:
        return None
    out = {}
    for part in spec.split(","):
        if "=" not in part:
            raise argparse.ArgumentTypeError(f"--columns wants field=Header pairs, got {part!r}")
        k, v = part.split("=", 1)
        out[k.strip()] = v.strip()
    return out


def _progress_bar():  # pragma: no cover - terminal only
    if not sys.stderr.isatty():
        return None, None
    from tqdm import tqdm

    bar = tqdm(total=0, unit="file", file=sys.stderr, leave=False)

    def update(done: int, total: int) -> None:
        bar.total = total
        bar.n = done
        bar.refresh()

    return update, bar


def cmd_run(args: argparse.Namespace) -> int:
    from .pipeline import run
    from .readers import InputError

    inputs = args.inputs or ["seeds"]
    try:
        columns = _columns(args.columns)
    except argparse.ArgumentTypeError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    update, bar = _progress_bar()
    try:
        summary = run(
            inputs,
            Path(args.out),
            append=args.append,
            progress=update,
            columns=columns,
            workers=args.workers,
            dask=args.scheduler or args.dask,
            incremental=not args.full,
            layout=args.layout,
            max_file_bytes=int(args.max_file_mb * 1_000_000),
            max_record_chars=args.max_record_chars,
        )
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    finally:
        if bar is not None:
            bar.close()
    print(summary.line())
    return 0


def cmd_evaluate(args: argparse.Namespace) -> int:
    from .evaluate import DEFAULT_DEVSET, evaluate

    gold = Path(args.gold) if args.gold else None
    inputs = [Path(p) for p in args.inputs] or None
    if gold is None and not DEFAULT_DEVSET.exists():
        print(f"error: no dev set at {DEFAULT_DEVSET}; pass --gold and INPUT", file=sys.stderr)
        return 2
    rep = evaluate(gold, inputs, Path(args.out) if args.out else None)
    print(rep.text(verbose=args.verbose))
    return 0


def cmd_bench(args: argparse.Namespace) -> int:
    from .bench import main as bench_main

    return bench_main(args)


def main(argv: list[str] | None = None) -> int:
    from .readers import MAX_FILE_BYTES, MAX_RECORD_CHARS

    p = argparse.ArgumentParser(prog="python -m etl", description=__doc__)
    sub = p.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("run", help="extract events from files/folders into tables")
    r.add_argument("inputs", nargs="*", help="files and folders (default: seeds/)")
    r.add_argument("--out", default="data", help="output folder (default: data/)")
    r.add_argument("--columns", help="header mapping, e.g. title=Judul,text=Isi")
    r.add_argument("--append", action="store_true", help="add to the tables already in --out")
    r.add_argument("--workers", type=int, default=1, help="extraction processes (default 1)")
    r.add_argument("--dask", choices=["local"], help="run on a local Dask cluster (LocalCluster)")
    r.add_argument("--scheduler", help="run on the Dask cluster at this address, e.g. tcp://host:8786")
    r.add_argument("--full", action="store_true", help="extract everything again (no reuse of --out)")
    r.add_argument(
        "--max-file-mb", type=float, default=MAX_FILE_BYTES / 1_000_000,
        help="refuse (and record) input files larger than this (default %(default)g MB)",
    )
    r.add_argument(
        "--max-record-chars", type=int, default=MAX_RECORD_CHARS,
        help="cut longer article texts to this many characters (default %(default)d)",
    )
    r.add_argument(
        "--layout", choices=["flat", "partitioned", "both"], default="both",
        help="Parquet layout: <table>.parquet, <table>/month=*/ datasets, or both (default)",
    )
    r.set_defaults(func=cmd_run)
    e = sub.add_parser("evaluate", help="score against the dev set's gold events")
    e.add_argument("inputs", nargs="*", help="input articles (default: the dev set's articles.jsonl)")
    e.add_argument("--gold", help="gold.jsonl (default: ../shared/devset/gold.jsonl)")
    e.add_argument("--out", help="keep the run's tables here")
    e.add_argument("-v", "--verbose", action="store_true", help="list every FN, FP and date miss")
    e.set_defaults(func=cmd_evaluate)
    b = sub.add_parser("bench", help="throughput, memory, workers and dashboard benchmark")
    from .bench import add_arguments

    add_arguments(b)
    b.set_defaults(func=cmd_bench)
    args = p.parse_args(argv)
    return int(args.func(args))
