from pathlib import Path

import pytest

from kg import __version__
from kg.cli import Progress, main, parser
from kg.ingest.sources import ARTICLE_SUFFIXES


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0
    assert __version__ in capsys.readouterr().out


@pytest.mark.parametrize("command", [None, "build", "query", "load", "models", "eval"])
def test_every_command_has_help_with_examples(
    command: str | None, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_:
        parser().parse_args([command, "--help"] if command else ["--help"])
    assert exit_.value.code == 0
    assert "examples:" in capsys.readouterr().out


def test_missing_input_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["build", str(tmp_path / "nowhere"), "--out", str(tmp_path)]) == 2
    assert "no such file or folder" in capsys.readouterr().err


def test_a_folder_without_articles_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["build", str(tmp_path), "--out", str(tmp_path / "out")]) == 2
    assert "no articles" in capsys.readouterr().err


def test_a_missing_model_is_named_with_its_install_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a.txt").write_text(
        "Angela Merkel visitó Lima en 2017 para reunirse con el presidente."
    )
    config = tmp_path / "kg.toml"
    config.write_text('[tool.newskg]\nmodels = { es = "es_core_news_lg" }\n')
    code = main(
        ["--config", str(config), "build", str(tmp_path / "a.txt"), "--out", str(tmp_path / "o")]
    )
    err = capsys.readouterr().err
    assert code == 2
    assert "es_core_news_lg" in err
    # spaCy's pipelines are not on the package index: no `pip install` that cannot work
    assert "python -m spacy download es_core_news_lg" in err
    assert "pip install es_core_news_lg" not in err
    assert not (tmp_path / "o").exists()


def test_every_command_is_documented_in_the_readme() -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    commands = parser()._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    for name in commands:
        assert f"kg {name}" in readme, f"kg {name} is not in README.md"


def test_build_help_names_every_kind_of_input_it_reads(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["build", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert [suffix for suffix in ARTICLE_SUFFIXES if suffix not in text] == []
    assert "URLs" in text


def test_the_progress_bar_says_its_rate_and_the_time_left() -> None:
    import io

    ticks = iter([0.0, 0.0, 10.0])  # started, start(), then the step's reading
    progress = Progress(0, io.StringIO(), clock=lambda: next(ticks))
    progress.start(40)
    progress.done = 19
    line = progress.line("a1")
    assert "19/40" in line and "1.9/s" in line and "11 s left" in line
