from __future__ import annotations

import sys
from pathlib import Path

import pytest
from fixtures_dashboard import install_fake_etl, make_data_dir

from dashboard import data, upload


def test_check_uploads() -> None:
    assert upload.check_uploads([("a.txt", 10), ("b.JSONL", 10), ("c.htm", 1)]) == []
    errs = upload.check_uploads([("a.exe", 10), ("noext", 1)])
    assert len(errs) == 2 and "a.exe" in errs[0]
    big = upload.check_uploads([("a.txt", 30 * 2**20), ("b.txt", 21 * 2**20)])
    assert len(big) == 1 and "50 MB" in big[0]
    assert upload.check_uploads([("a.txt", 50 * 2**20)]) == []
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


def test_save_uploads_in_a_fresh_dir() -> None:
    folder, paths = upload.save_uploads([upload.Upload("../x.txt", b"one"), upload.Upload("x.txt", b"two")])
    try:
        assert folder.name.startswith("dashboard-upload-")
        assert [p.name for p in paths] == ["x.txt", "x_1.txt"]
        assert all(p.parent == folder for p in paths)
        assert [p.read_bytes() for p in paths] == [b"one", b"two"]
    finally:
        for p in paths:
            p.unlink()
        folder.rmdir()


def test_run_import_with_a_fake_etl(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = install_fake_etl(monkeypatch)
    out = make_data_dir(tmp_path)
    before = data.load_dataset(out).events  # type: ignore[union-attr]
    up = tmp_path / "up"
    up.mkdir()
    (up / "good.txt").write_text("Brazil visited Kenya.")
    (up / "broken.txt").write_text("")
    seen: list[tuple[int, int]] = []
    res = upload.run_import(
        [up / "good.txt", up / "broken.txt"], out, progress=lambda d, t: seen.append((d, t)),
        columns={"text": "body"}, failed_origin_contains="/up/",
    )  # fmt: skip
    assert calls[0]["append"] is True and calls[0]["columns"] == {"text": "body"}
    assert calls[0]["out"] == out and [p.name for p in calls[0]["inputs"]] == ["good.txt", "broken.txt"]
    assert seen == [(1, 2), (2, 2)]
    assert (res.articles_read, res.articles_failed, res.events) == (2, 1, 1)
    assert res.failed["error"].tolist() == ["could not read this file (fake ETL)"]
    assert res.failed["origin"].iloc[0].endswith("broken.txt")
    after = data.load_dataset(out).events  # type: ignore[union-attr]
    assert len(after) == len(before) + 1


def test_summary_as_dict() -> None:
    r = upload.ImportResult.from_summary({"articles_read": 3, "events": 2, "seconds": 1.5}, failed=None)  # type: ignore[arg-type]
    assert (r.articles_read, r.events, r.seconds, r.articles_failed) == (3, 2, 1.5, 0)


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
