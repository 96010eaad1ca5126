"""Run the pipeline's own extraction path over the benchmarks and turn the scores into table rows."""

from __future__ import annotations

import json
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..config import Config
from ..extract import extract_article, resolve_event
from ..nlp import load_nlp, parse
from ..records import Article, Mention
from .ecbplus import find_root
from .readers import read_meantime, read_newsquant
from .scoring import ENTITY_KINDS, Score, chain_consistency, score_dates, score_entities, score_newsquant

if TYPE_CHECKING:
    from spacy.language import Language

BENCHMARKS: tuple[str, ...] = ("newsquant", "meantime-dates", "meantime-entities", "ecbplus", "sample-injected")
SAMPLE_EVENT = Path(__file__).resolve().parent.parent.parent / "data" / "events" / "mali-uk-withdrawal"

# Published scores to compare with (F1; NewsQuant on its full set, dates on TempEval-3).
REFERENCES: dict[tuple[str, str], str] = {
    ("newsquant", "value F1"): "quantulum3 0.730, CQE 0.920",
    ("newsquant", "value+unit F1"): "quantulum3 0.472, CQE 0.856",
    ("meantime-dates", "value F1"): "HeidelTime 0.776, SUTime 0.674 (TempEval-3)",
}
# Team targets: a metric passes when ours >= target.
TARGETS: dict[tuple[str, str], float] = {
    ("newsquant", "value F1"): 0.93,
    ("newsquant", "value+unit F1"): 0.86,
    ("meantime-dates", "value F1"): 0.80,
    ("meantime-entities", "person span F1"): 0.85,
    ("meantime-entities", "place span F1"): 0.85,
    ("ecbplus-gold", "real discrepancies found"): 0.70,
    ("ecbplus-injected", "number caught"): 0.90,
    ("ecbplus-injected", "date caught"): 0.90,
    ("ecbplus-injected", "place caught"): 0.90,
    ("ecbplus-injected", "person caught"): 0.90,
}
# Targets a metric meets when ours <= target (counts of false findings).
TARGETS_AT_MOST: dict[tuple[str, str], float] = {
    ("ecbplus-gold", "false alarms on agreements"): 1,
    ("ecbplus-injected", "unrelated new conflicts per case"): 0.2,
    ("ecbplus-clean", "conflicts per event (mean)"): 2,
}


@dataclass(frozen=True, slots=True)
class Row:
    """One line of the evaluation table."""

    benchmark: str
    metric: str
    ours: float
    reference: str = ""
    target: float | None = None
    detail: str = ""  # counts behind the score, e.g. "tp=412 pred=450 gold=461"
    at_most: bool = False  # the target is a ceiling (false findings), not a floor

    @property
    def met(self) -> bool | None:
        if self.target is None:
            return None
        return self.ours <= self.target if self.at_most else self.ours >= self.target


@dataclass
class Evaluation:
    """Rows of a run, plus one-line notes (skipped data sets, timings, caveats)."""

    rows: list[Row] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _row(benchmark: str, metric: str, ours: float, detail: str = "") -> Row:
    key = (benchmark, metric)
    if key in TARGETS_AT_MOST:
        return Row(benchmark, metric, ours, REFERENCES.get(key, ""), TARGETS_AT_MOST[key], detail, at_most=True)
    return Row(benchmark, metric, ours, REFERENCES.get(key, ""), TARGETS.get(key), detail)


def _prf(benchmark: str, name: str, score: Score) -> list[Row]:
    detail = f"tp={score.tp} pred={score.predicted} gold={score.gold}"
    return [
        _row(benchmark, f"{name} P", score.precision, detail),
        _row(benchmark, f"{name} R", score.recall, detail),
        _row(benchmark, f"{name} F1", score.f1, detail),
    ]


def extract_all(articles: Sequence[Article], nlp: Language, config: Config) -> list[list[Mention]]:
    """The report's code path: parse, ``extract_article`` per article, ``resolve_event`` per event.

    Returns the resolved mentions of each article, in the order of ``articles``.
    """
    docs = parse(nlp, (a.text for a in articles), batch_size=config.nlp.batch_size, n_process=config.nlp.n_process)
    by_event: dict[str, list[Mention]] = defaultdict(list)
    for article, doc in zip(articles, docs, strict=True):
        by_event[article.event].extend(extract_article(doc, article, config.extract))
    by_source: dict[tuple[str, str], list[Mention]] = defaultdict(list)
    for event, mentions in by_event.items():
        for m in resolve_event(mentions, config.extract):
            by_source[(event, m.source)].append(m)
    return [by_source.get((a.event, a.source), []) for a in articles]


def eval_newsquant(path: Path, nlp: Language, config: Config, limit: int | None) -> list[Row]:
    """NewsQuant: each sentence is its own one-article event."""
    sentences = read_newsquant(path)[:limit]
    articles = [Article(event=f"newsquant-{s.index}", source=f"s{s.index:04d}", text=s.text) for s in sentences]
    scores = score_newsquant(sentences, extract_all(articles, nlp, config))
    return [
        *_prf("newsquant", "value", scores.value),
        *_prf("newsquant", "value+unit", scores.value_unit),
        *_prf("newsquant", "value+change", scores.value_change),
    ]


def eval_meantime(
    root: Path, nlp: Language, config: Config, limit: int | None, *, dates: bool, entities: bool
) -> list[Row]:
    """MEANTIME: each topic (airbus, apple, gm, stock) is one event; ``published`` is the creation time."""
    docs = read_meantime(root, limit=limit)
    articles = [Article(event=d.topic, source=d.name, text=d.text, published=d.published) for d in docs]
    mentions = extract_all(articles, nlp, config)
    rows: list[Row] = []
    if dates:
        s = score_dates(docs, mentions)
        rows += _prf("meantime-dates", "span", s.span)
        rows.append(_row("meantime-dates", "value accuracy", s.value_accuracy, f"{s.value.tp}/{s.span.tp} matched"))
        rows += _prf("meantime-dates", "value", s.value)
    if entities:
        for kind in ENTITY_KINDS:
            s = score_entities(docs, mentions, kind)
            rows += _prf("meantime-entities", f"{kind} span", s.span)
            rows.append(
                _row("meantime-entities", f"{kind} exact F1", s.exact.f1, f"tp={s.exact.tp} pred={s.exact.predicted}")
            )
        chains = chain_consistency(docs, mentions)
        split = "; ".join(" / ".join(values) for _, values in chains.examples[:3])
        split = split if len(split) <= 100 else split[:99] + "…"
        rows.append(
            _row(
                "meantime-entities",
                "chains kept together",
                chains.share,
                f"{chains.consistent}/{chains.chains}" + (f"; split: {split}" if split else ""),
            )
        )
    return rows


def evaluate(
    data_dir: Path,
    config: Config,
    *,
    only: Sequence[str] = BENCHMARKS,
    limit: int | None = None,
    nlp: Language | None = None,
    clock: Callable[[], float] = time.perf_counter,
    out_dir: Path | None = None,
    sample: Path = SAMPLE_EVENT,
) -> Evaluation:
    """Score the pipeline on every requested benchmark found under ``data_dir``; missing ones become notes."""
    result = Evaluation()
    newsquant = data_dir / "newsquant" / "dev.json"
    meantime = data_dir / "meantime"
    ecbplus = find_root(data_dir)
    wanted = [b for b in BENCHMARKS if b in only]
    present = {
        "newsquant": newsquant.is_file(),
        "meantime-dates": any(meantime.glob("corpus_*/*.xml")),
        "meantime-entities": any(meantime.glob("corpus_*/*.xml")),
        "ecbplus": ecbplus is not None,
        "sample-injected": sample.is_dir(),
    }
    wheres = {"newsquant": newsquant, "ecbplus": data_dir / "ecbplus", "sample-injected": sample}
    for name in wanted:
        if not present[name]:
            result.notes.append(f"{name}: skipped, no data at {wheres.get(name, meantime / 'corpus_*')}")
    runnable = [b for b in wanted if present[b]]
    if not runnable:
        return result
    from .news import eval_ecbplus, eval_sample  # the executor (and spaCy) only when a benchmark runs

    if "ecbplus" in runnable and ecbplus is not None:
        metrics, notes = eval_ecbplus(ecbplus, config, limit=limit, out_dir=out_dir, clock=clock)
        result.rows += [_row(m.benchmark, m.metric, m.value, m.detail) for m in metrics]
        result.notes += notes
    if "sample-injected" in runnable:
        start = clock()
        result.rows += [_row(m.benchmark, m.metric, m.value, m.detail) for m in eval_sample(sample, config)]
        result.notes.append(f"sample-injected: {clock() - start:.1f} s")
    runnable = [b for b in runnable if b not in ("ecbplus", "sample-injected")]
    if not runnable:
        return result
    nlp = nlp or load_nlp(config.nlp)
    if "newsquant" in runnable:
        start = clock()
        result.rows += eval_newsquant(newsquant, nlp, config, limit)
        result.notes.append(f"newsquant: {clock() - start:.1f} s")
    dates, entities = "meantime-dates" in runnable, "meantime-entities" in runnable
    if dates or entities:
        start = clock()
        result.rows += eval_meantime(meantime, nlp, config, limit, dates=dates, entities=entities)
        result.notes.append(f"meantime: {clock() - start:.1f} s")
    if entities:
        result.notes.append(
            "meantime-entities: gold FIN/PRO/MIX mentions are ignored (not extracted); "
            "scored on named mentions in the fully annotated first sentences"
        )
    return result


def format_table(rows: Sequence[Row]) -> str:
    """One plain-text table: benchmark, metric, ours, published reference, target (met / not met)."""
    header = ("benchmark", "metric", "ours", "reference", "target", "detail")
    lines = [
        (
            r.benchmark,
            r.metric,
            f"{r.ours:.3f}",
            r.reference,
            "" if r.target is None else f"{'<=' if r.at_most else '>='} {r.target:.2f} {'met' if r.met else 'NOT MET'}",
            r.detail,
        )
        for r in rows
    ]
    widths = [max(len(h), *(len(line[i]) for line in lines)) if lines else len(h) for i, h in enumerate(header)]
    out = ["  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)).rstrip()]
    out.append("  ".join("-" * w for w in widths))
    out += ["  ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)).rstrip() for line in lines]
    return "\n".join(out)


def write_json(path: Path, rows: Sequence[Row]) -> None:
    """The rows as a JSON list of objects (with ``met``)."""
    payload = [{**asdict(r), "met": r.met} for r in rows]
    path.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
