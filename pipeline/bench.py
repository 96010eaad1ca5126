"""``make bench``: the full pipeline against the floor of spaCy's own parsing, on real news.

The headline corpus is real multi-outlet news: the ECB+ articles of
``../shared/data/ecbplus`` (text rebuilt from the tokens as the benchmark
reader does, one event per ECB+ event) plus MEANTIME's 120 articles (one event
per topic), written as event folders with a ``sources.csv``. The floor is
spaCy's own ``nlp.pipe`` over the same files with the same model, the faster
of 1 and 2 processes, timed in the same run. A separate scale section
recombines real sentences (fixed seed) into events of 10, 100 and 1,000
articles, so the reconciler's growth with event size can be read off. Every
timed phase runs in its own process, so peak memory (RSS) is that phase's
alone.
"""

from __future__ import annotations

import csv
import json
import os
import random
import re
import resource
import shutil
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


def peak_rss_kib() -> dict[str, int | float]:
    """Peak RSS of this process and of its largest worker it has waited for, in KiB, and this process's CPU."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return {
        "rss_self_kib": usage.ru_maxrss,
        "rss_children_kib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
        "cpu_self": usage.ru_utime + usage.ru_stime,
    }


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _child(code: str, *args: str) -> tuple[dict, float, float]:
    """Run ``code`` in a fresh interpreter; returns its JSON result, wall time and peak RSS (MiB).

    The peaks are the step's own process and its largest worker (``rss_self_kib``, ``rss_children_kib``);
    ``load`` is the machine's 1-minute load average before and after the step (other jobs share the cores).
    """
    before, cpu = os.getloadavg()[0], _children_cpu()
    t = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - t
    if proc.returncode not in (0, 3):
        raise RuntimeError(f"benchmark step failed ({proc.returncode}): {proc.stderr.strip()[-2000:]}")
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("{")]
    result = {
        **(json.loads(lines[-1]) if lines else {}),
        "load": f"{before:.1f}-{os.getloadavg()[0]:.1f}",
        "cpu": _children_cpu() - cpu,  # the step's CPU, its worker processes included
    }
    return result, wall, float(max(result.get("rss_self_kib", 0), result.get("rss_children_kib", 0))) / 1024


def _write_event(folder: Path, articles: list[tuple[str, str, str, str]]) -> int:
    """Write ``(file, text, url, published)`` articles and their ``sources.csv``; returns the words written."""
    folder.mkdir(parents=True, exist_ok=True)
    words = 0
    with (folder / "sources.csv").open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(("file", "outlet", "published", "url"))
        for name, text, url, published in articles:
            (folder / name).write_text(text + "\n", encoding="utf-8")
            out.writerow((name, "", published, url))
            words += len(text.split())
    return words


def build_real_corpus(target: Path, shared: Path) -> tuple[int, int, int] | None:
    """Write ECB+ and MEANTIME as event folders under ``target/events``; returns (articles, words, events).

    None when neither data set is under ``shared``. Skipped when already written from the same files.
    """
    from .evaluate.ecbplus import find_root, read_ecbplus
    from .evaluate.readers import meantime_files, read_meantime

    ecb = find_root(shared)
    meantime = shared / "meantime"
    files = sorted(str(p) for p in ecb.glob("*/*.xml")) if ecb is not None else []
    files += [str(p) for _, p in meantime_files(meantime)] if meantime.is_dir() else []
    if not files:
        return None
    stamp = target / "corpus.json"
    wanted = {"files": len(files), "version": 1}
    if stamp.is_file():
        info = json.loads(stamp.read_text(encoding="utf-8"))
        if info.get("wanted") == wanted:
            return int(info["articles"]), int(info["words"]), int(info["events"])
    events: dict[str, list[tuple[str, str, str, str]]] = {}
    for doc in read_ecbplus(ecb) if ecb is not None else []:
        name = doc.name.removesuffix(".xml") + ".txt"
        events.setdefault(f"ecb-{doc.event}", []).append((name, doc.text, doc.url, str(doc.published or "")))
    for mdoc in read_meantime(meantime) if meantime.is_dir() else []:
        events.setdefault(f"meantime-{mdoc.topic}", []).append(
            (f"{mdoc.name}.txt", mdoc.text, "", str(mdoc.published or ""))
        )
    words = sum(_write_event(target / "events" / event, arts) for event, arts in events.items())
    articles = sum(len(a) for a in events.values())
    info = {"wanted": wanted, "articles": articles, "words": words, "events": len(events)}
    stamp.write_text(json.dumps(info), encoding="utf-8")
    return articles, words, len(events)


_FLOOR = """
import json, sys
from pathlib import Path
from pipeline.config import load_config
from pipeline.bench import peak_rss_kib, spacy_floor
cfg = load_config(Path(sys.argv[1]) if sys.argv[1] else None)
out = spacy_floor(Path(sys.argv[2]), cfg, int(sys.argv[3]))
print(json.dumps({**out, **peak_rss_kib()}))
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
                  "mentions": s.mentions, "facts": s.facts, "workers_kib": sorted(s.worker_rss_kib.values()),
                  **peak_rss_kib()}))
"""


def _verdict(value: float, target: float) -> str:
    return "met" if value <= target else "NOT met"


def headline(events: Path, work: Path, config: Config, config_path: Path | None) -> list[tuple[str, str]]:
    """Floor (1 and 2 processes), cold and warm runs over ``events``: the headline rows."""
    cfg_arg = str(config_path or "")
    floors = {n: _child(_FLOOR, cfg_arg, str(events), str(n)) for n in (1, 2)}
    best = min(floors, key=lambda n: floors[n][1])
    floor, floor_wall, _ = floors[best]
    out = work / "report"
    shutil.rmtree(out, ignore_errors=True)  # a cold run starts from nothing (no last run's workbook to link)
    cold, cold_wall, _ = _child(_REPORT, cfg_arg, str(events), str(out), "full")
    warm, warm_wall, _ = _child(_REPORT, cfg_arg, str(events), str(out), "warm")
    _, again_wall, _ = _child(_REPORT, cfg_arg, str(events), str(out), "warm")
    ratio = cold_wall / floor_wall
    cpu_ratio = cold["cpu"] / min(res["cpu"] for res, _, _ in floors.values())
    parse, extract = cold["seconds"].get("parse", 0.0), cold["seconds"].get("extract", 0.0)
    share = extract / parse if parse else 0.0
    workers = config.run.workers
    return [
        (
            "spaCy nlp.pipe alone",
            ", ".join(
                f"{n} process{'es' if n > 1 else ''} {wall:.1f}s wall ({res['seconds']:.1f}s in pipe, "
                f"{res['cpu']:.1f}s CPU, peak RSS {_mib(res, 'self')} main / {_mib(res, 'children')} worker, "
                f"load {res['load']})"
                for n, (res, wall, _) in floors.items()
            )
            + f"; floor = {best} process{'es' if best > 1 else ''}, batch_size {config.nlp.batch_size}, "
            f"model {config.nlp.model}, {floor['docs']} docs",
        ),
        (
            "full pipeline, cold",
            f"{cold_wall:.1f}s wall, {cold['cpu']:.1f}s CPU, {cold['parsed']} parsed, {workers} workers; main process "
            f"{cold['cpu_self']:.1f}s CPU, peak RSS {_mib(cold, 'self')}; load {cold['load']}",
        ),
        ("peak RSS per worker (cold)", " / ".join(f"{kib / 1024:.0f} MiB" for kib in cold["workers_kib"]) or "-"),
        ("ratio cold / spaCy floor", f"{ratio:.2f} (target <= 1.10) {_verdict(ratio, 1.10)}"),
        (
            "ratio of CPU, cold / spaCy",
            f"{cpu_ratio:.2f} (against the less CPU of the two spaCy runs; the wall ratio moves with other jobs on "
            "the machine, this one much less)",
        ),
        (
            "cold, CPU s per stage (process_time, summed over processes)",
            ", ".join(f"{k} {v:.1f}" for k, v in cold["seconds"].items()),
        ),
        ("extraction / parse CPU", f"{share:.1%} (target <= 10%) {_verdict(share, 0.10)}"),
        (
            "full pipeline, warm",
            f"{warm_wall:.2f}s wall ({warm['parsed']} parsed, {warm['cached']} cached; right after the cold run, "
            f"whose changes.csv listed every finding as new), peak RSS {_mib(warm, 'self')} (target <= 1.5 s) "
            f"{_verdict(warm_wall, 1.5)}",
        ),
        (
            "full pipeline, warm again",
            f"{again_wall:.2f}s wall (the nightly case: input and outputs unchanged since the last run) "
            f"{_verdict(again_wall, 1.5)}",
        ),
        (
            "ratio warm / cold",
            f"{warm_wall / cold_wall:.1%}, warm again {again_wall / cold_wall:.1%} (target <= 3%) "
            f"{_verdict(max(warm_wall, again_wall) / cold_wall, 0.03)}",
        ),
    ]


def _mib(result: dict, who: str) -> str:
    return f"{float(result.get(f'rss_{who}_kib', 0)) / 1024:.0f} MiB"


def run_bench(work: Path, config: Config, config_path: Path | None, shared: Path | None, spec: CorpusSpec) -> str:
    """Time the headline (real news) and the scale section (recombined events); returns the table as text."""
    rows: list[tuple[str, str]] = []
    real = build_real_corpus(work / "real", shared) if shared is not None else None
    if real is None:
        rows.append(("real news", f"no ECB+ / MEANTIME under {shared or '../shared/data'}: headline skipped"))
    else:
        articles, words, n_events = real
        rows.append(("real-news corpus", f"{articles} articles, {words:,} words, {n_events} events (ECB+, MEANTIME)"))
        rows += headline(work / "real" / "events", work / "real", config, config_path)
    rows += scale(work, config, config_path, shared, spec)
    width = max(len(k) for k, _ in rows)
    return "\n".join(f"{k.ljust(width)}  {v}" for k, v in rows)


def scale(work: Path, config: Config, config_path: Path | None, shared: Path | None, spec: CorpusSpec) -> list:
    """The reconciler on recombined events of 10, 100 and 1,000 articles (parsed once, cold)."""
    sizes = sorted({*spec.large_events, spec.small_event})
    spec = CorpusSpec(sum(sizes), tuple(sizes), spec.small_event, spec.sentences_per_article, spec.seed)
    pool = sentence_pool(shared)
    articles, words = build_corpus(work / "corpus", spec, pool)
    events = work / "corpus" / "events"
    out = work / "scale"
    shutil.rmtree(out, ignore_errors=True)
    cold, cold_wall, _ = _child(_REPORT, str(config_path or ""), str(events), str(out), "full")
    rows = [
        (
            "scale corpus (recombined)",
            f"{articles} articles, {words:,} words, events of {'/'.join(map(str, sizes))} articles, "
            f"{len(pool)} source sentences, seed {spec.seed}; cold {cold_wall:.1f}s, "
            f"peak RSS {_mib(cold, 'children')} per worker",
        )
    ]
    for item in reconcile_scaling(events, out / ".cache" / "mentions.sqlite", config):
        rows.append(
            (
                f"reconcile event of {item['articles']} articles",
                f"{item['mentions']} mentions, {item['seconds'] * 1000:.0f} ms",
            )
        )
    return rows
