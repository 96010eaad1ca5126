"""The files a fact-checker opens, on the sample event: summary.csv, the workbook, the HTML pages (in a browser)."""

from __future__ import annotations

import os
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pandas as pd
import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from conftest import ROOT, SAMPLE_EVENT
from pipeline.cli import app
from pipeline.reconcile import FINDING_COLUMNS
from pipeline.summary import SUMMARY_COLUMNS

pytestmark = pytest.mark.slow
EVENT = SAMPLE_EVENT.name
HEBBY_SOURCE = "004_8d2be5c7dc6ed3bb.txt"
SCREENSHOT = ROOT / "docs" / "sample-event.png"


@pytest.fixture(scope="module")
def report_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("report")
    args = ["report", "-i", str(SAMPLE_EVENT.parent), "-o", str(out), "--today", "2022-11-16", "--workers", "1"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    return out


def read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, encoding="utf-8-sig", dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def summary(report_dir: Path) -> pd.DataFrame:
    return read(report_dir / "summary.csv")


@pytest.fixture(scope="module")
def findings(report_dir: Path) -> pd.DataFrame:
    return read(report_dir / "findings.csv")


def test_new_files_are_written_per_event_and_combined(report_dir: Path) -> None:
    for folder in (report_dir, report_dir / EVENT, report_dir / "runs" / "2022-11-16"):
        for name in ("summary.csv", "report.xlsx", "findings.csv"):
            assert (folder / name).is_file(), folder / name
    assert (report_dir / "index.html").is_file()
    assert (report_dir / EVENT / "report.html").is_file()


def test_summary_has_one_row_per_finding_conflicts_first(summary: pd.DataFrame, findings: pd.DataFrame) -> None:
    assert tuple(summary.columns) == SUMMARY_COLUMNS
    assert list(summary["finding_id"]) == list(dict.fromkeys(findings["finding_id"]))
    statuses = list(summary["status"])
    assert statuses == sorted(statuses, key=lambda s: s == "unique")


def test_summary_puts_the_hebby_spelling_beside_heappey(summary: pd.DataFrame) -> None:
    row = summary[summary["fact"] == "name of James Heappey"].iloc[0]
    assert row["status"] == "spelling"
    assert (row["a_value"], row["a_sources"]) == ("James Heappey", "4")
    assert (row["b_value"], row["b_sources"], row["b_source"]) == ("James Hebby", "1", HEBBY_SOURCE)
    assert "UrduPoint.com" in row["a_outlets"] and "DPA/EP" in row["a_outlets"]
    # The quote is the article's own characters at the given position.
    text = (SAMPLE_EVENT / row["b_source"]).read_text(encoding="utf-8")
    assert text[int(row["b_start"]) : int(row["b_end"])] == row["b_quote"]
    assert row["b_quote"] in row["b_sentence"]


def test_every_row_names_outlet_url_and_publication_date(findings: pd.DataFrame) -> None:
    assert (findings["outlet"] != "").all()
    assert set(findings.loc[findings["source"] == "000_e6fa0d107ab20ea2.txt", "outlet"]) == {"UrduPoint.com"}
    assert set(findings.loc[findings["source"] == "003_d1a6dd415592760b.txt", "outlet"]) == {"DPA/EP"}
    assert set(findings.loc[findings["source"] == HEBBY_SOURCE, "outlet"]) == {HEBBY_SOURCE}  # no metadata: file name
    for source, url in zip(findings["source"], findings["url"], strict=True):
        assert url.startswith("file://") and Path(unquote(urlsplit(url).path)) == (SAMPLE_EVENT / source).resolve()
    assert (findings["published"].str.fullmatch(r"\d{4}-\d{2}-\d{2}")).all()


def test_csv_survives_spreadsheets(report_dir: Path, findings: pd.DataFrame) -> None:
    assert tuple(findings.columns) == FINDING_COLUMNS
    for name in ("findings.csv", "facts.csv", "summary.csv", "changes.csv"):
        ids = read(report_dir / name)["finding_id"]
        assert ids.str.match(r"^f[0-9a-f]{10}$").all(), name
    for name in ("findings.csv", "facts.csv", "mentions.csv"):
        qualifiers = set(read(report_dir / name)["qualifier"])
        assert not qualifiers & {"=", "~", ">", "<"}, name
    assert {"exact", "about", "more than"} <= set(findings["qualifier"])
    # No cell needs the neutralising quote for a qualifier any more.
    assert not findings["qualifier"].str.startswith("'").any()


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("dozens of countries", "12", "120"),
        ("thousands of people", "1000", "10000"),
        ("4,000 people", "4000", ""),
        ("288 UN soldiers", "288", "288"),
        ("300 civilians", "270", "330"),
    ],
)
def test_ranges_and_vague_counts_have_both_bounds(findings: pd.DataFrame, text: str, low: str, high: str) -> None:
    row = findings[findings["text"] == text].iloc[0]
    assert (row["value_low"], row["value_high"]) == (low, high)


def test_dates_have_iso_bounds(findings: pd.DataFrame) -> None:
    row = findings[(findings["kind"] == "date") & (findings["value"] == "2022-03")].iloc[0]
    assert (row["value_low"], row["value_high"]) == ("2022-03-01", "2022-03-31")


def test_workbook_cells_are_typed_and_never_formulas(report_dir: Path, findings: pd.DataFrame) -> None:
    book = load_workbook(report_dir / "report.xlsx")
    assert book.sheetnames == ["summary", "findings", "changes"]
    ws = book["findings"]
    header = [c.value for c in ws[1]]
    assert tuple(header) == FINDING_COLUMNS
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref and ws.auto_filter.ref.startswith("A1:")
    assert ws.column_dimensions["K"].width > 10  # text
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert len(rows) == len(findings)
    col = {name: i for i, name in enumerate(header)}
    for cells in rows:
        assert isinstance(cells[col["start"]], int) and isinstance(cells[col["end"]], int)
        assert isinstance(cells[col["confidence"]], (int, float))
        for name in ("finding_id", "value", "text", "published", "value_low"):
            assert cells[col[name]] is None or isinstance(cells[col[name]], str)
    texts = {r[col["text"]] for r in rows}
    assert {"September 19", "12,000"} <= texts  # stay text, not a date or a number
    assert any(r[col["value"]] == "2022-09-19" for r in rows)
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            assert all(c.data_type != "f" for c in row), sheet.title


def test_event_workbook_holds_the_events_own_findings(report_dir: Path, summary: pd.DataFrame) -> None:
    book = load_workbook(report_dir / EVENT / "report.xlsx", read_only=True)
    assert book.sheetnames == ["summary", "findings"]
    assert book["summary"].max_row == len(summary) + 1
    values = [r[1] for r in book["summary"].iter_rows(min_row=2, values_only=True)]
    assert values == list(summary["finding_id"])


class _Dom(HTMLParser):
    """What a reader sees: the finding sections, the highlighted words, the links."""

    def __init__(self) -> None:
        super().__init__()
        self.sections: list[str] = []
        self.marks: list[str] = []
        self.links: list[str] = []
        self.scripts = 0
        self._in_mark = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "section" and "finding" in (a.get("class") or ""):
            self.sections.append(a.get("id") or "")
        elif tag == "mark":
            self._in_mark = True
            self.marks.append("")
        elif tag == "a":
            self.links.append(a.get("href") or "")
        elif tag in ("script", "iframe", "object", "embed"):
            self.scripts += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "mark":
            self._in_mark = False

    def handle_data(self, data: str) -> None:
        if self._in_mark:
            self.marks[-1] += data


def _chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if found := shutil.which(name):
            return found
    pytest.skip("no Chromium found (Debian package 'chromium'; .ci/run installs it with apt-get)")


def _browse(page: Path, tmp: Path, *flags: str) -> subprocess.CompletedProcess[str]:
    cmd = [
        _chromium(),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        f"--user-data-dir={tmp / 'profile'}",
        *flags,
        page.as_uri(),
    ]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False, cwd=tmp)


def test_event_page_in_a_real_browser(report_dir: Path, summary: pd.DataFrame, tmp_path: Path) -> None:
    page = report_dir / EVENT / "report.html"
    shot = tmp_path / "sample-event.png"
    result = _browse(page, tmp_path, "--window-size=1280,1800", f"--screenshot={shot}")
    assert shot.is_file() and shot.stat().st_size > 10_000, result.stderr[-2000:]
    if os.environ.get("UPDATE_SCREENSHOT"):
        SCREENSHOT.parent.mkdir(exist_ok=True)
        shutil.copyfile(shot, SCREENSHOT)
    dom = _browse(page, tmp_path, "--dump-dom")
    assert dom.returncode == 0, dom.stderr[-2000:]
    seen = _Dom()
    seen.feed(dom.stdout)
    assert seen.sections == list(summary["finding_id"])
    assert "James Hebby" in seen.marks and "Heappey" in seen.marks
    assert seen.scripts == 0
    article_links = [h for h in seen.links if h.startswith("file://")]
    assert article_links and all(Path(unquote(urlsplit(h).path)).is_file() for h in article_links)
    assert (SAMPLE_EVENT / HEBBY_SOURCE).resolve().as_uri() in article_links


def test_index_page_lists_the_event_with_its_counts(report_dir: Path, summary: pd.DataFrame, tmp_path: Path) -> None:
    dom = _browse(report_dir / "index.html", tmp_path, "--dump-dom")
    seen = _Dom()
    seen.feed(dom.stdout)
    assert f"{EVENT}/report.html" in seen.links
    conflicts = int((summary["status"] != "unique").sum())
    unique = int((summary["status"] == "unique").sum())
    assert f"<td>{conflicts}</td><td>{unique}</td>" in dom.stdout.replace("\n", "")


HOSTILE_HTML = """<html><head><script>document.title='pwned'</script></head><body>
<p>Britain sent 300 troops to Mali in December 2020, &lt;script&gt;alert(1)&lt;/script&gt; the ministry said.</p>
<p>James Heappey said &lt;img src=x onerror=alert(2)&gt; the UK would leave Mali.</p>
</body></html>
"""


def test_hostile_article_cannot_inject_markup_into_the_page(tmp_path: Path) -> None:
    event = tmp_path / "in" / "ev <b>x"
    event.mkdir(parents=True)
    (event / "a.html").write_text(HOSTILE_HTML, encoding="utf-8")
    (event / "b.txt").write_text("The UK deployed 250 soldiers to Mali in December 2020.\nJames Hebby said so.\n")
    (event / "sources.csv").write_text(
        'file,outlet,published,url\na.html,"<i>Evil</i> News",2022-11-14,javascript:alert(3)\n'
        "b.txt,Good News,2022-11-14,https://example.org/b?x=1&y=<2>\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["report", "-i", str(tmp_path / "in"), "-o", str(out), "--workers", "1"])
    assert result.exit_code == 0, result.output
    [page] = list(out.glob("*/report.html"))
    html = page.read_text(encoding="utf-8")
    assert "<script" not in html and "<img" not in html and "<i>Evil" not in html and "javascript:" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "&lt;i&gt;Evil&lt;/i&gt; News" in html
    dom = _browse(page, tmp_path, "--dump-dom")
    seen = _Dom()
    seen.feed(dom.stdout)
    assert seen.scripts == 0 and "<img" not in dom.stdout
    assert seen.sections  # the findings are there, as text
    assert (
        "https://example.org/b?x=1&amp;y=%3C2%3E" in dom.stdout
        or "https://example.org/b?x=1&amp;y=&lt;2&gt;" in dom.stdout
    )
    assert not any(h.lower().startswith("javascript") for h in seen.links)
    index = _browse(out / "index.html", tmp_path, "--dump-dom").stdout
    assert "<b>x" not in index and "ev &lt;b&gt;x" in index
