"""``make bench``: the full pipeline against the floor of spaCy's own parsing, on a generated corpus.

The corpus is rebuilt reproducibly (fixed seed) by recombining real news
sentences into events: the sample event's sentences, plus the MEANTIME
development articles' sentences when ``../shared/data`` is present. Event
sizes are mixed (one event of 1,000 articles, five of 100, the rest of 10)
so the reconciler's growth with event size can be read off the same run.
Every timed phase runs in its own process, so peak memory (RSS) is that
phase's alone.
"""

from __future__ import annotations

import json
import random
import re
import resource
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

from .config import Config
from .records import Mention

ROOT = Path(__file__).resolve().parent.parent
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'])")
_NO_SPACE_BEFORE = re.compile(r" ([,.;:!?%)'\"]|'s|n't)")


@dataclass(frozen=True, slots=True)
class CorpusSpec:
    articles: int = 2000
    large_events: tuple[int, ...] = (1000, 100, 100, 100, 100, 100)
    small_event: int = 10
    sentences_per_article: tuple[int, int] = (18, 30)
    seed: int = 20221114


def _sample_sentences(folder: Path) -> list[str]:
    out: list[str] = []
    for path in sorted(folder.rglob("*.txt")):
        for para in path.read_text(encoding="utf-8").split("\n"):
            out.extend(s.strip() for s in _SENTENCE_END.split(para) if len(s.split()) >= 6)
    return out


def _meantime_sentences(folder: Path) -> list[str]:
    out: list[str] = []
    for path in sorted(folder.glob("corpus_*/*.xml")):
        try:
            tokens = ET.parse(path).getroot().iter("token")
        except ET.ParseError:
            continue
        sentences: dict[str, list[str]] = {}
        for tok in tokens:
            sentences.setdefault(tok.get("sentence", "0"), []).append(tok.text or "")
        for words in sentences.values():
            text = _NO_SPACE_BEFORE.sub(r"\1", " ".join(words)).replace("( ", "(").replace("$ ", "$")
            if len(words) >= 6:
                out.append(text)
    return out


def sentence_pool(shared: Path | None) -> list[str]:
    """Real news sentences to build articles from (the sample's; MEANTIME's when available)."""
    pool = _sample_sentences(ROOT / "data" / "events")
    if shared is not None and (shared / "meantime").is_dir():
        pool += _meantime_sentences(shared / "meantime")
    return pool


def _event_sizes(spec: CorpusSpec) -> list[int]:
    sizes = [n for n in spec.large_events]
    while sum(sizes) < spec.articles:
        sizes.append(spec.small_event)
    return sizes


def build_corpus(target: Path, spec: CorpusSpec, pool: list[str]) -> tuple[int, int]:
    """Write the corpus under ``target`` (skipped when it is already there); returns (articles, words)."""
    stamp = target / "corpus.json"
    wanted = {"spec": asdict(spec), "pool": len(pool)}
    if stamp.is_file():
        info = json.loads(stamp.read_text(encoding="utf-8"))
        if info.get("wanted") == wanted:
            return int(info["articles"]), int(info["words"])
    rng = random.Random(spec.seed)
    articles = words = 0
    for e, size in enumerate(_event_sizes(spec)):
        folder = target / "events" / f"event-{e:04d}-{size}"
        folder.mkdir(parents=True, exist_ok=True)
        # An event draws on its own slice of the pool, so its articles overlap the way real coverage does.
        core = rng.sample(pool, k=min(len(pool), 120))
        for a in range(size):
            n = rng.randint(*spec.sentences_per_article)
            text = f"date 2022-11-{1 + (a % 28):02d} Outlet {a}\n\n" + "\n".join(rng.choice(core) for _ in range(n))
            (folder / f"article-{a:04d}.txt").write_text(text + "\n", encoding="utf-8")
            articles += 1
            words += len(text.split())
    stamp.write_text(json.dumps({"wanted": wanted, "articles": articles, "words": words}), encoding="utf-8")
    return articles, words


def _texts(events: Path) -> Iterator[str]:
    for path in sorted(events.rglob("*.txt")):
        yield path.read_text(encoding="utf-8")


def spacy_floor(events: Path, config: Config, n_process: int) -> dict[str, float]:
    """Time spaCy's ``nlp.pipe`` alone over the corpus (the pipeline's components, nothing else)."""
    from .nlp import load_nlp

    nlp = load_nlp(config.nlp)
    t = time.perf_counter()
    n = sum(1 for _ in nlp.pipe(_texts(events), batch_size=config.nlp.batch_size, n_process=n_process))
    return {"seconds": time.perf_counter() - t, "docs": n}


def reconcile_scaling(events: Path, cache_file: Path, config: Config) -> list[dict[str, float]]:
    """Reconciler time for the largest events, from their cached mentions (no parsing)."""
    from .cache import MentionCache, article_key, fingerprint
    from .extract import resolve_event
    from .ingest import read_event
    from .reconcile import reconcile_event

    out = []
    cache = MentionCache(cache_file, fingerprint(config))
    by_size: dict[int, Path] = {}
    for folder in sorted(events.iterdir()):
        by_size.setdefault(int(folder.name.rsplit("-", 1)[1]), folder)
    for size in sorted(by_size):
        articles, _ = read_event(by_size[size], config.ingest)
        cached = cache.get(article_key(a) for a in articles)
        per_article: list[Mention] = [m for ms in cached.values() for m in ms]
        mentions = resolve_event(per_article, config.extract)
        t = time.perf_counter()
        reconcile_event(mentions, articles, config.reconcile)
        out.append({"articles": size, "mentions": len(mentions), "seconds": time.perf_counter() - t})
    cache.close()
    return out


def peak_rss_kib() -> int:
    """Peak RSS of this process or of any worker it has waited for, in KiB."""
    return max(resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))


def _child(code: str, *args: str) -> tuple[dict, float, float]:
    """Run ``code`` in a fresh interpreter; returns its JSON result, wall time and peak RSS (MiB).

    The peak is the largest single process of the step (the step itself or one of its workers).
    """
    t = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - t
    if proc.returncode not in (0, 3):
        raise RuntimeError(f"benchmark step failed ({proc.returncode}): {proc.stderr.strip()[-2000:]}")
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("{")]
    result = json.loads(lines[-1]) if lines else {}
    return result, wall, float(result.get("peak_rss_kib", 0)) / 1024


_FLOOR = """
import json, sys
from pathlib import Path
from pipeline.config import load_config
from pipeline.bench import peak_rss_kib, spacy_floor
cfg = load_config(Path(sys.argv[1]) if sys.argv[1] else None)
out = spacy_floor(Path(sys.argv[2]), cfg, int(sys.argv[3]))
print(json.dumps({**out, "peak_rss_kib": peak_rss_kib()}))
"""

_REPORT = """
import json, sys
from datetime import date
from pathlib import Path
from pipeline.config import load_config
from pipeline import runner
from pipeline.bench import peak_rss_kib
cfg = load_config(Path(sys.argv[1]) if sys.argv[1] else None)
s = runner.report(Path(sys.argv[2]), Path(sys.argv[3]), cfg, run_date=date(2022, 11, 16), full=sys.argv[4] == "full")
print(json.dumps({"seconds": s.seconds, "elapsed": s.elapsed, "parsed": s.parsed, "cached": s.cached,
                  "mentions": s.mentions, "facts": s.facts, "peak_rss_kib": peak_rss_kib()}))
"""


def run_bench(work: Path, config: Config, config_path: Path | None, shared: Path | None, spec: CorpusSpec) -> str:
    """Build the corpus, time every phase and return the table as text."""
    pool = sentence_pool(shared)
    articles, words = build_corpus(work / "corpus", spec, pool)
    events = work / "corpus" / "events"
    out = work / "report"
    cfg_arg = str(config_path or "")
    workers = config.run.workers
    floor, floor_wall, floor_rss = _child(_FLOOR, cfg_arg, str(events), str(workers))
    cold, cold_wall, cold_rss = _child(_REPORT, cfg_arg, str(events), str(out), "full")
    warm, warm_wall, warm_rss = _child(_REPORT, cfg_arg, str(events), str(out), "warm")
    scaling = reconcile_scaling(events, out / ".cache" / "mentions.sqlite", config)
    ratio = cold_wall / floor_wall
    rows = [
        (
            "corpus",
            f"{articles} articles, {words:,} words, {len(_event_sizes(spec))} events, "
            f"{len(pool)} source sentences, seed {spec.seed}",
        ),
        (
            "spaCy nlp.pipe alone",
            f"{floor_wall:.1f}s wall ({floor['seconds']:.1f}s in pipe), batch_size "
            f"{config.nlp.batch_size}, n_process {workers}, model {config.nlp.model}, peak RSS {floor_rss:.0f} MiB",
        ),
        (
            "full pipeline, cold",
            f"{cold_wall:.1f}s wall, {words / cold_wall:,.0f} words/s, peak RSS {cold_rss:.0f} MiB"
            f" per process, {workers} workers",
        ),
        (
            "full pipeline, warm",
            f"{warm_wall:.1f}s wall ({warm['parsed']} parsed, {warm['cached']} cached), peak RSS {warm_rss:.0f} MiB",
        ),
        ("ratio cold / spaCy", f"{ratio:.2f} (target <= 1.3) {'met' if ratio <= 1.3 else 'NOT met'}"),
        (
            "ratio warm / cold",
            f"{warm_wall / cold_wall:.1%} (target <= 5%) {'met' if warm_wall / cold_wall <= 0.05 else 'NOT met'}",
        ),
        ("cold, per stage (CPU s summed over workers)", ", ".join(f"{k} {v:.1f}" for k, v in cold["seconds"].items())),
    ]
    for item in scaling:
        rows.append(
            (
                f"reconcile event of {item['articles']} articles",
                f"{item['mentions']} mentions, {item['seconds'] * 1000:.0f} ms",
            )
        )
    width = max(len(k) for k, _ in rows)
    return "\n".join(f"{k.ljust(width)}  {v}" for k, v in rows)
