from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
import pytest
from fixtures_dashboard import install_fake_etl, make_data_dir

from dashboard import data, upload


def test_check_uploads() -> None:
    assert upload.check_uploads([("a.txt", 10), ("b.JSONL", 10), ("c.htm", 1), ("d.HTML", 1)]) == []
    errs = upload.check_uploads([("a.exe", 10), ("noext", 1)])
    assert len(errs) == 2 and "a.exe" in errs[0]
    big = upload.check_uploads([("a.txt", 51 * 2**20), ("b.txt", 2**20)])
    assert len(big) == 1 and "'a.txt'" in big[0] and "50 MB" in big[0]
    assert upload.check_uploads([("a.txt", 50 * 2**20), ("b.txt", 50 * 2**20)]) == []  # per file
    assert upload.check_uploads([]) == ["No file was given."]


def test_safe_names() -> None:
    used: set[str] = set()
    assert upload.safe_name("../../etc/passwd.txt", used) == "passwd.txt"
    assert upload.safe_name("..\\..\\win.ini.txt", used) == "win.ini.txt"
    assert upload.safe_name("passwd.txt", used) == "passwd_1.txt"
    assert upload.safe_name("PASSWD.TXT", used) == "PASSWD_2.txt"
    assert upload.safe_name("über news (1).html", used) == "ber_news_1.html"
    assert upload.safe_name(".hidden", used) == "upload.hidden"  # never a dot file
    assert upload.safe_name("", used) == "upload"


def test_save_uploads_into_the_inbox_without_clobbering(tmp_path: Path) -> None:
    inbox = upload.inbox_dir(tmp_path / "data")
    assert inbox == tmp_path / "data" / "inbox"
    first = upload.save_uploads([upload.Upload("../x.txt", b"one"), upload.Upload("x.txt", b"two")], inbox)
    assert [(p.name, n) for p, n in first.items()] == [("x.txt", "../x.txt"), ("x_1.txt", "x.txt")]
    again = upload.save_uploads([upload.Upload("X.txt", b"three")], inbox)
    assert [p.name for p in again] == ["X_2.txt"]  # a later upload never overwrites a kept file
    assert [p.read_bytes() for p in upload.inbox_files(inbox)] == [b"three", b"one", b"two"]
    assert not [p for p in inbox.iterdir() if p.name.startswith(".")]  # no temporary files left


def test_plan_recognises_files_already_kept_and_repeated() -> None:
    known = {upload.file_hash(b"kept"): "kept.txt"}
    files = [upload.Upload("a.txt", b"kept"), upload.Upload("b.txt", b"new"), upload.Upload("c.txt", b"new")]
    plan = upload.plan_uploads(files, known)
    assert [f.name for f in plan.new] == ["b.txt"]
    assert plan.duplicates == (("a.txt", "kept.txt"), ("c.txt", "b.txt"))


def test_known_hashes(tmp_path: Path) -> None:
    assert upload.known_hashes(tmp_path / "missing") == {}
    (tmp_path / "a.txt").write_bytes(b"alpha")
    (tmp_path / ".a.txt.1.part").write_bytes(b"half")
    assert upload.known_hashes(tmp_path) == {upload.file_hash(b"alpha"): "a.txt"}


def test_default_inputs_are_seeds_and_the_inbox(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "s.txt").write_text("x")
    data_dir = tmp_path / "data"
    assert upload.default_inputs(data_dir, seeds) == [seeds / "s.txt"]
    upload.save_uploads([upload.Upload("u.txt", b"y")], upload.inbox_dir(data_dir))
    assert upload.default_inputs(data_dir, seeds) == [seeds / "s.txt", data_dir / "inbox"]


def test_outcome_counts_this_upload_only() -> None:
    arts = pd.DataFrame(
        {
            "origin": ["/d/old.txt", "/d/inbox/a.txt", "/d/inbox/feed.csv#row=1", "/d/inbox/feed.csv#row=2",
                       "/d/inbox/ber_news.html", "/d/inbox/dup.txt"],
            "record_id": [None, None, "r1", "r2", None, None],
            "status": ["failed", "ok", "ok", "failed", "failed", "duplicate"],
            "error": [None, None, None, "no text", "could not decode", "same content as article x"],
        }
    )  # fmt: skip
    names = {"/d/inbox/a.txt": "a.txt", "/d/inbox/feed.csv": "feed.csv", "/d/inbox/ber_news.html": "über news.html",
             "/d/inbox/dup.txt": "dup.txt"}  # fmt: skip
    res = upload.upload_outcome(arts, names, events_added=3, seconds=0.5)
    assert (res.articles_new, res.articles_duplicate, res.articles_failed, res.events_added) == (2, 1, 2, 3)
    assert res.failed["file"].tolist() == ["feed.csv, row 2", "über news.html"]  # never a temp path
    assert res.failed["error"].tolist() == ["no text", "could not decode"]
    assert not res.ok
    assert res.summary().startswith("This upload: 2 new article(s), 1 duplicate(s), 2 failed; 3 event(s) added")


def test_summary_of_an_upload_of_known_files() -> None:
    res = upload.ImportResult(files_duplicate=[("a.txt", "a.txt"), ("b.txt", "b.txt")])
    assert res.ok and "2 file(s) already in the inbox, not added again" in res.summary()
    assert "0 new article(s)" in res.summary()


def test_run_import_with_a_fake_etl(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = install_fake_etl(monkeypatch)
    out = make_data_dir(tmp_path)
    before = data.load_dataset(out).events  # type: ignore[union-attr]
    saved = upload.save_uploads(
        [upload.Upload("good news.txt", b"Brazil visited Kenya."), upload.Upload("broken.txt", b"")],
        upload.inbox_dir(out),
    )
    seen: list[tuple[int, int]] = []
    res = upload.run_import(
        list(saved), out, progress=lambda d, t: seen.append((d, t)), columns={"text": "body"}, names=saved
    )
    assert calls[0]["append"] is True and calls[0]["columns"] == {"text": "body"}
    assert calls[0]["out"] == out and [p.name for p in calls[0]["inputs"]] == ["good_news.txt", "broken.txt"]
    assert seen == [(1, 2), (2, 2)]
    # what this upload added, not the table's totals (the fixture tables hold failed rows too)
    assert (res.articles_new, res.articles_duplicate, res.articles_failed, res.events_added) == (1, 0, 1, 1)
    assert res.failed["error"].tolist() == ["could not read this file (fake ETL)"]
    assert res.failed["file"].tolist() == ["broken.txt"]
    after = data.load_dataset(out).events  # type: ignore[union-attr]
    assert len(after) == len(before) + 1


def test_missing_pipeline_raises_import_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "etl.pipeline", None)  # type: ignore[arg-type]
    with pytest.raises(ImportError):
        upload.load_runner()


def test_seed_inputs(tmp_path: Path) -> None:
    assert upload.seed_inputs(tmp_path / "none") == []
    (tmp_path / "b.txt").write_text("x")
    (tmp_path / "a.txt").write_text("x")
    (tmp_path / ".hidden").write_text("x")
    assert [p.name for p in upload.seed_inputs(tmp_path)] == ["a.txt", "b.txt"]
    assert upload.SEEDS_DIR.name == "seeds"


def test_column_mapping() -> None:
    assert upload.column_mapping({"text": " ", "title": ""}) is None
    assert upload.column_mapping({"text": " body ", "title": ""}) == {"text": "body"}
