"""Command line of the ETL (python -m etl run|evaluate|train|bench): a thin layer over the library."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

from .deps import INSTALL_HINT, MissingDependency  # standard library only

# The extraction is process-parallel (--workers, Dask); numpy's BLAS threads (language
# identification) only compete with it for the cores. Set before numpy is first imported.
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")
# Arrow's default allocator (mimalloc) keeps freed pages: ~30 MB more peak RSS on 100k articles.
os.environ.setdefault("ARROW_DEFAULT_MEMORY_POOL", "system")

DESCRIPTION = (
    "Diplomatic event timeline: find visits, meetings, agreements and phone calls between "
    "countries in news files and write them as tables (events, mentions, articles)."
)
EPILOG = "Run 'python -m etl COMMAND --help' for the options of a command."
RUN_DESCRIPTION = (
    "Read news files and folders (recursively), find diplomatic events and write the tables "
    "events, mentions and articles to --out as Parquet and CSV."
)
RUN_EPILOG = """\
input formats (by file extension):
  .txt .md      one article a file: the first line is the title, the rest the text
  .csv .tsv     one article a row; headers are mapped automatically (title/judul,
                text/isi_berita, date/tanggal, url, id, source, language); --columns overrides
  .jsonl .json  one article an object, same field names
  .html .htm    main text, title and date of a saved web page

failed records:
  a file or row that cannot be read (broken, binary, too large, no text) does not stop the
  run: it becomes a row of the articles table (OUT/articles.csv and OUT/articles.parquet)
  with status=failed and the reason in the error column; the summary line names the first few.

exit codes:
  0  the run finished (also when some records failed: see above)
  2  usage error: no input found, a bad --columns, --out or --workers
  3  a Python package the run needs is missing (the message names it and how to install it)
"""
EXIT_USAGE, EXIT_ENVIRONMENT = 2, 3


def _fail(message: str, code: int = EXIT_USAGE) -> int:
    print(f"error: {message}", file=sys.stderr)
    return code


def _positive_int(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        n = 0
    if n < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number of at least 1, got {value!r}")
    return n


def _columns(spec: str | None) -> dict[str, str] | None:
    """``title=Judul,text=Isi`` -> {"title": "Judul", "text": "Isi"}; ColumnsError if malformed."""
    from .readers import ColumnsError
    from .readers.common import column_field

    if not spec:
        return None
    out = {}
    for part in spec.split(","):
        if "=" not in part:
            raise ColumnsError(f"--columns wants field=Header pairs, got {part!r}")
        k, v = part.split("=", 1)
        column_field(k)
        out[k.strip()] = v.strip()
    return out


def _out_folder(out: str) -> Path:
    """The output folder, created; ValueError with the reason when it cannot be one."""
    path = Path(out)
    if path.exists() and not path.is_dir():
        raise ValueError(f"--out {out} is a file; give a folder (it holds several tables)")
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ValueError(f"--out {out}: cannot create the folder: {exc.strerror or exc}") from None
    return path


def _is_terminal() -> bool:  # pragma: no cover - depends on how the tests are run
    return sys.stderr.isatty()


def _progress_bar(stream: TextIO) -> tuple[Callable[[int, int], None], Callable[[int], None], Any]:
    """A bar that counts records (one big JSONL shows progress), with the files done beside."""
    from tqdm import tqdm

    bar = tqdm(unit=" records", file=stream, leave=False, desc="files 0/?")

    def files(done: int, total: int) -> None:
        bar.set_description(f"files {done}/{total}", refresh=False)

    def records(n: int) -> None:
        bar.update(n - bar.n)

    return files, records, bar


INBOX = "inbox"  # articles added in the dashboard are kept in <out>/inbox


def default_inputs(out: Path) -> list[str | Path]:
    """Without inputs: the seeds and the articles added in the dashboard (the output's inbox)."""
    inbox = out / INBOX
    return ["seeds", inbox] if inbox.is_dir() else ["seeds"]


def cmd_run(args: argparse.Namespace) -> int:
    from .pipeline import run
    from .readers import InputError

    try:
        columns = _columns(args.columns)
        out = _out_folder(args.out)
    except (InputError, ValueError) as exc:
        return _fail(str(exc))
    files, records, bar = _progress_bar(sys.stderr) if _is_terminal() else (None, None, None)
    try:
        summary = run(
            args.inputs or default_inputs(out),
            out,
            append=args.append,
            progress=files,
            record_progress=records,
            columns=columns,
            workers=args.workers,
            dask=args.scheduler or args.dask,
            incremental=not args.full,
            layout=args.layout,
            max_file_bytes=int(args.max_file_mb * 1_000_000),
            max_record_chars=args.max_record_chars,
        )
    except InputError as exc:
        return _fail(str(exc))
    finally:
        if bar is not None:
            bar.close()
    print(summary.line())
    return 0


def cmd_evaluate(args: argparse.Namespace) -> int:
    if args.gold or args.inputs:
        return _evaluate_tables(args)
    from .train import cross_validate, cv_text, prepare_all

    shared, annotations = _gold_places(args)
    if shared is None:
        return _fail(f"no corpora at {args.shared}/corpora: pass --shared (the folder beside the repo)")
    res = cross_validate(prepare_all(shared, annotations))
    print(cv_text(res))
    if args.verbose:
        print("\n".join(res.model.details))
    return 0


def _evaluate_tables(args: argparse.Namespace) -> int:
    """The whole pipeline on one gold set (e.g. ../shared/wildset): a fit figure when the shipped
    model was trained on those articles, which it is for the dev and wild sets."""
    from .evaluate import DEFAULT_DEVSET, evaluate

    gold = Path(args.gold) if args.gold else None
    inputs = [Path(p) for p in args.inputs] or None
    if gold is None and not DEFAULT_DEVSET.exists():
        return _fail(f"no dev set at {DEFAULT_DEVSET}; pass --gold and INPUT")
    rep = evaluate(gold, inputs, Path(args.out) if args.out else None)
    print(rep.text(verbose=args.verbose))
    return 0


def _gold_places(args: argparse.Namespace) -> tuple[Path | None, Path]:
    shared = Path(args.shared)
    return (shared if (shared / "corpora").exists() else None), Path(args.annotations)


def cmd_train(args: argparse.Namespace) -> int:
    from .train import train

    shared, annotations = _gold_places(args)
    if shared is None:
        return _fail(f"no corpora at {args.shared}/corpora: pass --shared (the folder beside the repo)")
    model = train(shared, annotations, Path(args.model))
    m = model.meta
    print(
        f"trained on {m['articles']} articles ({m['candidates']} candidates, {m['positives']} events): "
        f"C={m['c_reg']}, threshold {model.threshold:.2f}, out-of-fold strict F1 {m['oof_strict_f1']:.3f} -> {args.model}"
    )
    return 0


def cmd_bench(args: argparse.Namespace) -> int:
    from .bench import main as bench_main

    return bench_main(args)


def _add_run(sub: Any) -> None:
    from .readers import MAX_FILE_BYTES, MAX_RECORD_CHARS

    r = sub.add_parser(
        "run",
        help="extract events from files and folders into tables",
        description=RUN_DESCRIPTION,
        epilog=RUN_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    r.add_argument("inputs", nargs="*", help="files and folders (default: seeds/ and OUT/inbox/, the articles added in the dashboard)")
    r.add_argument("--out", default="data", help="output folder (default: data/)")
    r.add_argument("--columns", help="header mapping, e.g. title=Judul,text=Isi")
    r.add_argument("--append", action="store_true", help="add to the tables already in --out")
    r.add_argument("--workers", type=_positive_int, default=1, help="extraction processes (default 1)")
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


def _gold_arguments(p: Any) -> None:
    from .corpus import DEFAULT_SHARED
    from .goldsets import ANNOTATIONS

    p.add_argument("--shared", default=str(DEFAULT_SHARED), help="the shared folder with corpora/, devset/, wildset/")
    p.add_argument("--annotations", default=str(ANNOTATIONS), help="the annotation batches (default: annotations/)")


def _add_evaluate(sub: Any) -> None:
    e = sub.add_parser(
        "evaluate",
        help="cross-validated quality (whole outlets held out), model against the rules",
        description="Without arguments: every annotated article is scored by a model trained without its "
        "outlet (5 folds by outlet), beside the old rules on the same articles. With --gold/INPUT: the "
        "whole pipeline on that gold set (a fit figure for sets the model was trained on).",
    )
    e.add_argument("inputs", nargs="*", help="input articles for --gold (default: the dev set's articles.jsonl)")
    e.add_argument("--gold", help="score the pipeline's tables against this gold.jsonl instead")
    e.add_argument("--out", help="keep the run's tables here (with --gold)")
    e.add_argument("-v", "--verbose", action="store_true", help="list every FN, FP and date miss")
    _gold_arguments(e)
    e.set_defaults(func=cmd_evaluate)


def _add_train(sub: Any) -> None:
    from .decide import MODEL_PATH

    t = sub.add_parser(
        "train",
        help="rebuild the event model from the annotations (deterministic)",
        description="Fit the event model on every annotated article (dev set, wild set, annotations/"
        "batches) and write it where the extractor loads it from.",
    )
    t.add_argument("--model", default=str(MODEL_PATH), help="where to write the model (default: the shipped one)")
    _gold_arguments(t)
    t.set_defaults(func=cmd_train)


def _add_bench(sub: Any) -> None:
    from .bench import add_arguments

    b = sub.add_parser("bench", help="throughput, memory, workers and dashboard benchmark")
    add_arguments(b)
    b.set_defaults(func=cmd_bench)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m etl", description=DESCRIPTION, epilog=EPILOG)
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")
    _add_run(sub)
    _add_evaluate(sub)
    _add_train(sub)
    _add_bench(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    try:
        args = parser().parse_args(argv)
        return int(args.func(args))
    except MissingDependency as exc:  # the environment's fault: one line, not a traceback
        return _fail(exc.message, EXIT_ENVIRONMENT)
    except ModuleNotFoundError as exc:
        return _fail(
            f"the Python module {exc.name!r} is not installed here. Use the project's "
            f"environment (.venv/bin/python -m etl ..., or 'source .venv/bin/activate' first) "
            f"or install the dependencies: {INSTALL_HINT}",
            EXIT_ENVIRONMENT,
        )
