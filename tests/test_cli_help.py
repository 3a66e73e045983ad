"""``--help`` texts are for users: no RST markup, no internals; ``run --help`` says the input
formats, the exit codes and where failed records are recorded (issue 13)."""

from __future__ import annotations

import pytest

from etl.cli import main


def _help(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    with pytest.raises(SystemExit) as done:
        main([*argv, "--help"])
    assert done.value.code == 0
    return capsys.readouterr().out


@pytest.mark.parametrize("argv", [(), ("run",), ("evaluate",), ("bench",)])
def test_no_developer_markup(capsys: pytest.CaptureFixture[str], argv: tuple[str, ...]):
    text = _help(capsys, *argv)
    assert "``" not in text and "`" not in text
    assert "cmd" not in text and "thin layer" not in text


def test_top_level_describes_the_tool_and_commands(capsys: pytest.CaptureFixture[str]):
    text = _help(capsys)
    assert "Diplomatic event timeline" in text
    for command in ("run", "evaluate", "bench"):
        assert f"\n    {command} " in text


@pytest.mark.parametrize(
    "expected",
    [
        ".txt .md", ".csv .tsv", ".jsonl .json", ".html .htm",  # input formats
        "exit codes:", "  0  the run finished", "  2  usage error", "  3  a Python package",
        "OUT/articles.csv", "status=failed", "error column",  # where failed records are
    ],
)  # fmt: skip
def test_run_help_lists_formats_exit_codes_and_failed_records(
    capsys: pytest.CaptureFixture[str], expected: str
):
    assert expected in _help(capsys, "run")


def test_run_without_inputs_reads_the_seeds_and_the_dashboard_inbox(tmp_path):
    from etl.cli import default_inputs

    assert default_inputs(tmp_path) == ["seeds"]
    (tmp_path / "inbox").mkdir()
    assert default_inputs(tmp_path) == ["seeds", tmp_path / "inbox"]
