"""Benchmark: ETL throughput, memory, workers, incremental reruns and dashboard timings.

    python -m etl bench                      # everything (the 100k scaled corpus takes minutes)
    python -m etl bench --speedup-rows 100000  # workers 1 vs 2 on the whole scaled corpus
    python -m etl bench --scale 20000        # a smaller scaled corpus
    python -m etl bench --skip-scale --skip-dashboard --profile

ETL runs are separate processes (``python -m etl run … --full``) so that every figure includes
building the lexicons and peak memory is that of a real run: RSS is sampled from /proc over
the run's whole process tree (main process + workers). The scaled corpus is the detik corpus
replicated with varied ids, URLs and dates into a temporary folder (never kept). Results are
printed as a table and written to ``benchmarks/results/<time>.json``.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import datetime as dt
import json
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT.parent / "shared" / "corpora"
DETIK = CORPORA / "detik-2025.csv"
REUTERS = CORPORA / "reuters21578-000-002.jsonl"
RESULTS = ROOT / "benchmarks" / "results"
SUMMARY = re.compile(r"articles read: (\d+).*?seconds: ([\d.]+)")


def machine() -> dict[str, Any]:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = 0
    with contextlib.suppress(ValueError, OSError):
        mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") // 2**20
    return {"cores": os.cpu_count(), "cpu": model or platform.processor(), "ram_mb": mem,
            "python": platform.python_version(), "platform": platform.platform()}


def _tree_rss_kb(pid: int) -> tuple[int, int]:
    """RSS of a process and all its descendants (Linux /proc) in kB: (sum, largest one)."""
    total, largest, todo = 0, 0, [pid]
    while todo:
        p = todo.pop()
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
                    largest = max(largest, int(line.split()[1]))
            for t in Path(f"/proc/{p}/task").iterdir():
                todo.extend(int(c) for c in (t / "children").read_text().split())
        except (OSError, ValueError):
            continue
    return total, largest


def etl_run(inputs: list[Path], out: Path, *extra: str) -> dict[str, Any]:
    """One CLI run in a child process: seconds (the run's own clock), wall, peak RSS."""
    cmd = [sys.executable, "-m", "etl", "run", *map(str, inputs), "--out", str(out), *extra]
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    t0 = time.perf_counter()
    ru0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = peak_one = 0
    while proc.poll() is None:
        tree, one = _tree_rss_kb(proc.pid)
        peak, peak_one = max(peak, tree), max(peak_one, one)
        time.sleep(0.1)
    wall = time.perf_counter() - t0
    stdout, stderr = proc.communicate()
    ru1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (ru1.ru_utime + ru1.ru_stime) - (ru0.ru_utime + ru0.ru_stime)
    m = SUMMARY.search(stdout)
    if proc.returncode != 0 or m is None:
        raise RuntimeError(f"{' '.join(cmd)} failed: {stderr[-2000:]}")
    n, secs = int(m.group(1)), float(m.group(2))
    size = sum(f.stat().st_size for p in inputs for f in ([p] if p.is_file() else p.rglob("*")) if f.is_file())
    return {"articles": n, "seconds": secs, "wall_seconds": round(wall, 2),
            "articles_per_s": round(n / secs, 1), "mb_per_s": round(size / 2**20 / secs, 2),
            "input_mb": round(size / 2**20, 1),
            "cpu_seconds": round(cpu, 2), "articles_per_cpu_s": round(n / cpu, 1) if cpu else None, "peak_rss_mb": round(peak / 1024, 1),
            "peak_rss_one_process_mb": round(peak_one / 1024, 1),
            "summary": stdout.strip().splitlines()[-1]}


def scaled_corpus(src: Path, n: int, dest: Path, per_file: int = 10_000) -> Path:
    """A folder of CSV files (``per_file`` rows each, below the readers' file-size limit) with
    ``n`` rows: the rows of ``src`` (detik CSV) repeated, copy k with id ``<id>-k``, the URL
    given ``?copy=k`` and the publication time moved k*7 days later (no copy is a duplicate)."""
    with open(src, newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        fields = list(reader.fieldnames or [])
        rows = list(reader)
    folder = dest / f"scaled-{n}"
    folder.mkdir(parents=True, exist_ok=True)
    for first in range(0, n, per_file):
        with open(folder / f"part-{first // per_file:04d}.csv", "w", newline="", encoding="utf-8") as fh:
            w = csv.DictWriter(fh, fieldnames=fields)
            w.writeheader()
            for i in range(first, min(n, first + per_file)):
                k, row = divmod(i, len(rows))
                r = dict(rows[row])
                if k:
                    r["id"] = f"{r['id']}-{k}"
                    r["tautan"] = f"{r['tautan']}?copy={k}"
                    try:
                        t = dt.datetime.strptime(r["tanggal"], "%m/%d/%Y %H:%M") + dt.timedelta(days=7 * k)
                        r["tanggal"] = t.strftime("%m/%d/%Y %H:%M")
                    except ValueError:
                        pass
                w.writerow(r)
    return folder


def profile_run(inputs: list[Path], top: int = 20) -> list[dict[str, Any]]:
    """cProfile of one in-process run: the ``top`` functions by own time."""
    import cProfile
    import pstats

    from .pipeline import run

    prof = cProfile.Profile()
    with tempfile.TemporaryDirectory() as tmp:
        prof.enable()
        run(inputs, Path(tmp), incremental=False)
        prof.disable()
    st = pstats.Stats(prof)
    rows = []
    for (file, line, fn), (_cc, ncalls, tt, ct, _callers) in st.stats.items():  # type: ignore[attr-defined]
        rows.append({"function": f"{Path(file).name}:{line}({fn})", "calls": ncalls,
                     "tottime": round(tt, 3), "cumtime": round(ct, 3)})
    rows.sort(key=lambda r: -r["tottime"])
    return rows[:top]


def _median_ms(fn: Callable[[], object], repeat: int = 3) -> float:
    runs = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        runs.append((time.perf_counter() - t) * 1000)
    return round(statistics.median(runs), 1)


COLD_START = """
import sys, time
t = time.perf_counter()
from pathlib import Path
from dashboard import data, figures
ds = data.load_dataset(Path(sys.argv[1]))
figures.timeline_figure(ds.events)
print(time.perf_counter() - t)
"""


def dashboard_bench(n: int) -> dict[str, Any]:
    """Filter + timeline for the busiest country pair, and a cold start (fresh interpreter:
    imports, load the events Parquet through DuckDB, first timeline) at ``n`` events."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from dashboard import data, figures
    from dashboard.filters import Filters, apply_filters
    from dashboard.fixtures import synthetic_events

    from .schema import EVENTS_SCHEMA

    res: dict[str, Any] = {"events": n}
    with tempfile.TemporaryDirectory() as tmp:
        t = time.perf_counter()
        df = synthetic_events(n, 0)
        pq.write_table(pa.Table.from_pandas(df[EVENTS_SCHEMA.names], schema=EVENTS_SCHEMA, preserve_index=False),
                       Path(tmp) / "events.parquet")
        res["generate_s"] = round(time.perf_counter() - t, 2)
        del df
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        t = time.perf_counter()
        r = subprocess.run([sys.executable, "-c", COLD_START, tmp], cwd=ROOT, env=env,
                           capture_output=True, text=True, check=True)
        res["cold_start_s"] = round(time.perf_counter() - t, 2)
        res["cold_start_inner_s"] = round(float(r.stdout.strip().splitlines()[-1]), 2)
        ds = data.load_dataset(Path(tmp))
        assert ds is not None
        ev = ds.events
        a, b = figures.top_dyads(ev, 1)[0].split("-")
        f = Filters(pair_a=a, pair_b=b)
        res["pair"] = f"{a}-{b}"
        res["pair_rows"] = len(apply_filters(ev, f))
        res["filter_ms"] = _median_ms(lambda: apply_filters(ev, f))
        res["filter_timeline_ms"] = _median_ms(lambda: figures.timeline_figure(apply_filters(ev, f)))
    return res


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--scale", type=int, default=100_000, help="rows of the scaled corpus (default 100000)")
    p.add_argument("--speedup-rows", type=int, default=20_000, help="rows of the 1 vs 2 workers runs")
    p.add_argument("--skip-scale", action="store_true", help="no scaled-corpus (memory, workers) runs")
    p.add_argument("--skip-dashboard", action="store_true", help="no dashboard timings")
    p.add_argument("--dashboard-sizes", default="10000,100000,1000000", help="events, comma separated")
    p.add_argument("--profile", action="store_true", help="cProfile the detik run: top functions")
    p.add_argument("--corpora", type=Path, default=CORPORA, help=f"folder of the corpora (default {CORPORA})")
    p.add_argument("--no-save", action="store_true", help="do not write benchmarks/results/*.json")


def _print_table(title: str, rows: list[dict[str, Any]], cols: list[str]) -> None:
    print(f"\n## {title}")
    print(" | ".join(cols))
    for r in rows:
        print(" | ".join(str(r.get(c, "")) for c in cols))


def main(args: argparse.Namespace) -> int:
    res: dict[str, Any] = {"machine": machine(), "started": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")}
    m = res["machine"]
    print(f"machine: {m['cores']} cores, {m['cpu']}, {m['ram_mb']} MB RAM, Python {m['python']}")
    detik, reuters = args.corpora / DETIK.name, args.corpora / REUTERS.name
    etl_rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as tmp:
        t = Path(tmp)
        for name, path, out in (("detik (1 process)", detik, "detik"), ("reuters (1 process)", reuters, "reuters")):
            if path.exists():
                etl_rows.append({"run": name, **etl_run([path], t / out, "--full")})
        if detik.exists():
            etl_rows.append({"run": "detik rerun (incremental)", **etl_run([detik], t / "detik")})
            if reuters.exists():
                etl_rows.append({"run": "detik rerun + reuters added", **etl_run([detik, reuters], t / "detik")})
            if not args.skip_scale:
                big = scaled_corpus(detik, args.scale, t)
                etl_rows.append({"run": f"scaled {args.scale} (1 process)",
                                 **etl_run([big], t / "scaled", "--full")})
                shutil.rmtree(t / "scaled", ignore_errors=True)
                files = sorted(big.glob("*.csv"))[: max(1, -(-args.speedup_rows // 10_000))]
                n = min(args.scale, len(files) * 10_000)
                for w in (1, 2):
                    etl_rows.append({"run": f"scaled {n} (--workers {w})",
                                     **etl_run(files, t / f"speed{w}", "--full", "--workers", str(w))})
                shutil.rmtree(big)
    res["etl"] = etl_rows
    _print_table("ETL", etl_rows, ["run", "articles", "seconds", "articles_per_s", "mb_per_s", "cpu_seconds", "peak_rss_mb", "peak_rss_one_process_mb"])
    scaled = [r for r in etl_rows if "--workers" in r["run"]]
    if len(scaled) == 2:
        res["workers_speedup"] = round(scaled[0]["seconds"] / scaled[1]["seconds"], 2)
        print(f"workers speed-up (2 vs 1, wall): {res['workers_speedup']}x")
        cpu1, cpu2 = scaled[0]["cpu_seconds"], scaled[1]["cpu_seconds"]
        res["workers_cpu_overhead"] = round(cpu2 / cpu1, 2) if cpu1 else None
        res["load_average"] = os.getloadavg()
        print(f"CPU time 2 workers / 1 worker: {res['workers_cpu_overhead']} "
              f"(load average {res['load_average'][0]:.1f} on {os.cpu_count()} cores: wall figures "
              "are only meaningful on an otherwise idle machine)")
    inc = [r for r in etl_rows if "incremental" in r["run"]]
    if inc and etl_rows[0]["run"].startswith("detik"):
        res["incremental_speedup"] = round(etl_rows[0]["seconds"] / inc[0]["seconds"], 1)
        print(f"incremental rerun speed-up: {res['incremental_speedup']}x")
    if args.profile and detik.exists():
        res["profile_detik"] = profile_run([detik])
        _print_table("profile (detik, top by own time)", res["profile_detik"], ["function", "calls", "tottime", "cumtime"])
    if not args.skip_dashboard:
        try:
            dash = [dashboard_bench(int(n)) for n in args.dashboard_sizes.split(",") if n]
        except ImportError as exc:
            print(f"dashboard benchmark skipped: {exc}")
        else:
            res["dashboard"] = dash
            _print_table("dashboard", dash, ["events", "pair", "pair_rows", "filter_ms", "filter_timeline_ms",
                                             "cold_start_s", "cold_start_inner_s"])
    if not args.no_save:
        RESULTS.mkdir(parents=True, exist_ok=True)
        path = RESULTS / f"bench-{time.strftime('%Y%m%d-%H%M%S')}.json"
        path.write_text(json.dumps(res, indent=1) + "\n", encoding="utf-8")
        print(f"\nresults: {path}")
    return 0
