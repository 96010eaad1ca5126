"""What `make bench` relies on: the real-news corpus it writes, light imports, and quantulum3 loaded without typeguard."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, SHARED
from pipeline.bench import build_real_corpus
from pipeline.config import load_config
from pipeline.ingest import read_events

DATA = SHARED / "data"


def _fresh(code: str) -> str:
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    return proc.stdout


def test_importing_the_stages_loads_no_heavy_library() -> None:
    # A warm run only reads the cache: spaCy, quantulum3, dateparser, XlsxWriter ... wait for the stage that needs them.
    out = _fresh(
        "import sys, json\n"
        "import pipeline.extract, pipeline.nlp, pipeline.workbook, pipeline.evaluate, pipeline.bench\n"
        "import pipeline.reconcile, pipeline.summary, pipeline.html, pipeline.ingest\n"
        "heavy = ('spacy', 'thinc', 'quantulum3', 'inflect', 'dateparser', 'xlsxwriter', 'pandas', 'dask', 'numpy')\n"
        "print(json.dumps(sorted(m for m in heavy if m in sys.modules)))\n"
    )
    assert json.loads(out) == []


def test_the_nlp_components_are_registered_when_a_model_is_loaded() -> None:
    from pipeline.nlp import load_nlp

    nlp = load_nlp(load_config(environ={}).nlp.model_copy(update={"model": "blank:en"}))
    assert "line_breaks" in nlp.pipe_names and "gazetteer_context" in nlp.pipe_names
    doc = nlp("Headline without a stop\nBody text here.")
    assert [s.text.strip() for s in doc.sents] == ["Headline without a stop", "Body text here."]


def test_quantulum3_units_are_the_same_without_typeguard_in_inflect() -> None:
    ours = _fresh(
        "import json, sys, typeguard\n"
        "before = typeguard.typechecked\n"
        "from pipeline.extract.number_measures import _measure_surfaces\n"
        "s = sorted(_measure_surfaces())\n"
        "assert typeguard.typechecked is before\n"
        "import inflect\n"
        "print(json.dumps([s, hasattr(inflect.engine.plural, '__wrapped__')]))\n"
    )
    # quantulum3 as it comes: inflect instrumented by typeguard.
    theirs = _fresh(
        "import json, inflect\n"
        "from quantulum3 import load\n"
        "u = load.units('en_US')\n"
        "print(json.dumps(sorted({*u.surfaces_lower, *(s.lower() for s in u.symbols)})))\n"
    )
    surfaces, _ = json.loads(ours)
    assert surfaces == json.loads(theirs)
    assert len(surfaces) > 1000


def test_quantulum3_is_imported_without_typeguard_and_joblib_with_the_same_units() -> None:
    # Nothing imported typeguard: inflect gets a stand-in decorator, and typeguard (unittest.mock, asyncio) is never
    # imported. Without scikit-learn, quantulum3's classifier is off either way: joblib is not imported for it.
    ours = _fresh(
        "import json, sys, importlib.util\n"
        "from importlib import import_module\n"
        "from pipeline.extract.number_measures import _measure_surfaces, _quantulum\n"
        "s = sorted(_measure_surfaces())\n"
        "import quantulum3.classifier as clf\n"
        "from quantulum3 import language\n"
        "same = language.get('parser') is import_module('quantulum3._lang.en_US.parser') is language.get('parser')\n"
        "gone = [m for m in ('typeguard', 'joblib', 'asyncio') if m in sys.modules]\n"
        "print(json.dumps([s, clf.USE_CLF, importlib.util.find_spec('sklearn') is None, gone, same]))\n"
    )
    theirs = _fresh(
        "import json, inflect\n"
        "import quantulum3.classifier as clf\n"
        "from quantulum3 import load\n"
        "u = load.units('en_US')\n"
        "print(json.dumps([sorted({*u.surfaces_lower, *(s.lower() for s in u.symbols)}), clf.USE_CLF]))\n"
    )
    surfaces, use_classifier, no_sklearn, imported, cached = json.loads(ours)
    assert [surfaces, use_classifier] == json.loads(theirs)
    assert cached and "typeguard" not in imported
    assert not no_sklearn or imported == []  # without scikit-learn: no joblib (and no asyncio) either


def test_real_corpus_needs_ecbplus_or_meantime(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    assert build_real_corpus(tmp_path / "bench", tmp_path / "data") is None
    assert not (tmp_path / "bench").exists()


@pytest.mark.skipif(not (DATA / "ecbplus").is_dir() or not (DATA / "meantime").is_dir(), reason="needs ../shared/data")
def test_real_corpus_is_ecbplus_and_meantime_as_event_folders(tmp_path: Path) -> None:
    from pipeline.evaluate.ecbplus import find_root, read_ecbplus

    articles, words, events = build_real_corpus(tmp_path, DATA) or (0, 0, 0)
    docs = read_ecbplus(find_root(DATA))
    assert events == len({d.event for d in docs}) + 4  # one event per ECB+ event, one per MEANTIME topic
    assert articles == len(docs) + 120
    batches = read_events(tmp_path / "events", load_config(environ={}).ingest)
    read = {(e, a.source): a for e, arts, _ in batches for a in arts}
    assert len(read) == articles
    doc = next(d for d in docs if d.url and d.published)
    name = doc.name.removesuffix(".xml") + ".txt"
    article = read[(f"ecb-{doc.event}", name)]
    assert (article.url, article.published) == (doc.url, doc.published)
    assert (tmp_path / "events" / f"ecb-{doc.event}" / name).read_text(encoding="utf-8") == doc.text + "\n"
    assert sum(1 for e, _ in read if e.startswith("meantime-")) == 120
    # Built once: a second call reads the stamp.
    assert build_real_corpus(tmp_path, DATA) == (articles, words, events)


@pytest.mark.slow
def test_bench_without_shared_data_says_so_and_runs_the_scale_section(tmp_path: Path) -> None:
    from pipeline.bench import CorpusSpec, run_bench

    spec = CorpusSpec(articles=11, large_events=(10,), small_event=1)
    table = run_bench(tmp_path, load_config(environ={}), None, None, spec).splitlines()
    assert table[0].split() == [
        "real",
        "news",
        "no",
        "ECB+",
        "/",
        "MEANTIME",
        "under",
        "../shared/data:",
        "headline",
        "skipped",
    ]
    assert [line.split("  ")[0] for line in table[2:]] == [
        "reconcile event of 1 articles",
        "reconcile event of 10 articles",
    ]
    assert not (tmp_path / "real").exists()


@pytest.mark.slow
def test_bench_headline_prints_cpu_rows_each_workers_peak_memory_and_both_warm_runs(tmp_path: Path) -> None:
    from pipeline.bench import headline

    events = tmp_path / "events"
    for i in range(3):
        shutil.copytree(ROOT / "data" / "events" / "mali-uk-withdrawal", events / f"event-{i}")
    rows = dict(headline(events, tmp_path / "work", load_config(environ={}), None))
    assert list(rows) == [
        "spaCy nlp.pipe alone",
        "full pipeline, cold",
        "peak RSS per worker (cold)",
        "ratio cold / spaCy floor",
        "ratio of CPU, cold / spaCy",
        "cold, CPU s per stage (process_time, summed over processes)",
        "extraction / parse CPU",
        "full pipeline, warm",
        "full pipeline, warm again",
        "ratio warm / cold",
    ]
    peaks = rows["peak RSS per worker (cold)"].split(" / ")
    assert 1 <= len(peaks) <= 2 and all(p.endswith(" MiB") and int(p.split()[0]) > 100 for p in peaks)
    stages = dict(
        item.split() for item in rows["cold, CPU s per stage (process_time, summed over processes)"].split(", ")
    )
    assert set(stages) == {"ingest", "parse", "extract", "resolve", "reconcile", "report"}
    assert float(stages["parse"]) > 0 and float(stages["report"]) > 0
    assert "main process" in rows["full pipeline, cold"] and "load " in rows["full pipeline, cold"]
    assert (
        rows["full pipeline, warm"].startswith(tuple("0123456789"))
        and "(0 parsed, 15 cached" in rows["full pipeline, warm"]
    )
