"""Units of the reader-facing report: sides and value ranges, summary rows, cell safety, the workbook, the HTML."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from openpyxl import load_workbook

from pipeline import workbook
from pipeline.config import Config
from pipeline.html import IndexEntry, event_page, highlight, index_page, safe_href
from pipeline.reconcile import FactRow
from pipeline.reconcile.sides import article_link, sides, value_bounds
from pipeline.records import Article, Mention
from pipeline.report import QUALIFIER_WORDS, csv_text, readable, safe_cell, unsafe_cell
from pipeline.summary import SUMMARY_COLUMNS, summary_rows


def mention(
    source: str, kind: str, text: str, value: str, qualifier: str = "", high: str = "", written: str = ""
) -> Mention:
    return Mention(
        "e",
        source,
        f"{source}:{kind}:{len(text)}",
        kind,  # type: ignore[arg-type]
        text,
        value,
        "",
        qualifier,
        0,
        len(text),
        text,
        high=high,
        written=written,
    )


@pytest.mark.parametrize(
    ("kind", "value", "qualifier", "high", "bounds"),
    [
        ("number", "300", "=", "", ("300", "300")),
        ("number", "300", "~", "", ("270", "330")),
        ("number", "12", "~", "120", ("12", "120")),  # "dozens"
        ("number", "4000", ">", "", ("4000", "")),
        ("number", "50", "<", "", ("", "50")),
        ("number", "300", "=", "250", ("250", "300")),  # "from 300 to 250"
        ("number", "0.25", "=", "", ("0.25", "0.25")),
        ("date", "2020-12", "", "", ("2020-12-01", "2020-12-31")),
        ("date", "2022", "before", "", ("", "2022-12-31")),
        ("date", "2022-11-14", "", "", ("2022-11-14", "2022-11-14")),
        ("date", "P3Y", "", "", ("", "")),
        ("person", "James Heappey", "", "", ("", "")),
    ],
)
def test_value_bounds(
    config: Config, kind: str, value: str, qualifier: str, high: str, bounds: tuple[str, str]
) -> None:
    assert value_bounds(mention("a", kind, value, value, qualifier, high), config.reconcile) == bounds


def test_sides_put_the_value_most_sources_give_first(config: Config) -> None:
    ms = [
        mention("a", "number", "250 troops", "250"),
        mention("b", "number", "300 troops", "300"),
        mention("c", "number", "300 soldiers", "300"),
    ]
    assert sides("number", ms, config.reconcile) == {ms[0].mention_id: 1, ms[1].mention_id: 0, ms[2].mention_id: 0}


def test_a_bare_surname_is_on_the_side_of_its_full_name(config: Config) -> None:
    ms = [
        mention("a", "person", "James Heappey", "James Heappey", written="James Heappey"),
        mention("a", "person", "Heappey", "James Heappey", written="Heappey"),
        mention("b", "person", "James Heappey", "James Heappey", written="James Heappey"),
        mention("c", "person", "James Hebby", "James Hebby", written="James Hebby"),
        mention("c", "person", "Hebe", "James Hebby", written="Hebe"),
    ]
    got = sides("person", ms, config.reconcile)
    assert [got[m.mention_id] for m in ms] == [0, 0, 0, 1, 2]


def test_article_link_is_the_url_else_the_local_file(tmp_path: Path) -> None:
    path = tmp_path / "a b.txt"
    assert article_link(Article("e", "a", "t", path, url="https://x.org/1")) == "https://x.org/1"
    assert article_link(Article("e", "a", "t", path)) == path.resolve().as_uri()
    assert article_link(Article("e", "a", "t")) == ""


@pytest.mark.parametrize("text", ["=HYPERLINK(1)", "'=x", "''=x", "'plain", "-5", "-x", "@a", "+1 more", "plain", "'"])
def test_safe_cell_is_undone_by_unsafe_cell(text: str) -> None:
    assert unsafe_cell(safe_cell(text)) == text


def test_qualifiers_read_as_words() -> None:
    m = mention("a", "number", "about 300", "300", "~")
    assert readable(m).qualifier == "about"
    assert readable(mention("a", "date", "since 2020", "2020", "since")).qualifier == "since"
    assert set(QUALIFIER_WORDS.values()) >= {"exact", "about", "more than", "less than"}
    assert safe_cell(QUALIFIER_WORDS["="]) == "exact"  # needs no neutralising quote


def row(source: str, value: str, side: int, *, fid: str = "f1", status: str = "conflict", **kw: object) -> FactRow:
    fields: dict[str, object] = {
        "event": "e",
        "finding_id": fid,
        "status": status,
        "kind": "number",
        "fact": "troop count (deploy): United Kingdom",
        "source": source,
        "outlet": f"Outlet {source}",
        "value": value,
        "unit": "troop",
        "qualifier": "=",
        "text": f"{value} troops",
        "sentence": f"Britain sent {value} troops.",
        "start": 13,
        "end": 13 + len(value) + 7,
        "confidence": 0.9,
        "side": side,
        "url": f"https://example.org/{source}",
        "published": "2022-11-14",
    }
    fields.update(kw)
    return FactRow(**fields)  # type: ignore[arg-type]


def test_summary_row_puts_sides_side_by_side() -> None:
    rows = [row("a", "300", 0), row("b", "300", 0), row("c", "250", 1), row("d", "200", 2)]
    rows += [row("a", "5", 0, fid="f2", status="unique")]
    out = summary_rows(rows)
    assert [r["finding_id"] for r in out] == ["f1", "f2"]
    first = out[0]
    assert set(first) == set(SUMMARY_COLUMNS)
    assert (first["a_value"], first["a_sources"], first["a_outlets"]) == ("300", 2, "Outlet a; Outlet b")
    assert (first["b_value"], first["b_sources"], first["b_source"], first["b_quote"]) == ("250", 1, "c", "250 troops")
    assert first["a_qualifier"] == "exact" and first["sides"] == 3
    assert first["other_sides"] == "200 (1 sources: Outlet d)"
    assert out[1]["b_value"] == "" and out[1]["sides"] == 1


HOSTILE = '<script>alert(1)</script><img src=x onerror="alert(2)">'


def test_event_page_escapes_article_text_and_refuses_script_links() -> None:
    rows = [
        row(
            "a",
            "300",
            0,
            sentence=f"Britain sent 300 troops. {HOSTILE}",
            outlet="<b>Evil</b>",
            url="javascript:alert(3)",
        ),
        row("b", "250", 1, fact=f"troop count {HOSTILE}"),
    ]
    page = event_page(f"event {HOSTILE}", rows)
    assert "<script" not in page and "<img" not in page and "<b>Evil" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "&lt;b&gt;Evil&lt;/b&gt;" in page
    assert "javascript:" not in page
    assert 'href="https://example.org/b"' in page
    assert "<mark>300 troops</mark>" in page
    for external in ("http://", "https://", "//"):
        assert f'src="{external}' not in page and "<link" not in page


@pytest.mark.parametrize(
    ("url", "href"),
    [
        ("https://x.org/a?b=1&c=2", "https://x.org/a?b=1&amp;c=2"),
        ("file:///tmp/a.txt", "file:///tmp/a.txt"),
        ("javascript:alert(1)", ""),
        (" JavaScript:alert(1)", ""),
        ("data:text/html,<script>", ""),
        ('https://x.org/"><script>', "https://x.org/&quot;&gt;&lt;script&gt;"),
        ("", ""),
    ],
)
def test_safe_href(url: str, href: str) -> None:
    assert safe_href(url) == href


def test_highlight_marks_the_quote_in_its_sentence() -> None:
    assert highlight("He said <300> troops.", "<300>") == "He said <mark>&lt;300&gt;</mark> troops."
    assert highlight("Folded sentence here", "Folded\nsentence") == "<mark>Folded sentence</mark> here"
    assert highlight("Elsewhere.", "<x>") == "<mark>&lt;x&gt;</mark> — Elsewhere."


def test_index_page_links_each_event_folder() -> None:
    page = index_page([IndexEntry(f"ev {HOSTILE}", "ev-x", 2, 5)])
    assert '<a href="ev-x/report.html">' in page and "<script" not in page
    assert "<td>2</td><td>5</td>" in page


@pytest.mark.parametrize("in_memory_bytes", [workbook.IN_MEMORY_BYTES, 0])  # built in memory, or row by row
def test_workbook_keeps_text_as_text_and_numbers_as_numbers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, in_memory_bytes: int
) -> None:
    monkeypatch.setattr(workbook, "IN_MEMORY_BYTES", in_memory_bytes)
    columns = ("finding_id", "text", "value", "start", "confidence", "sentence")
    rows = [
        {
            "finding_id": "f864e87465",
            "text": "October 19",
            "value": "2022-11-14",
            "start": 7,
            "confidence": 0.963,
            "sentence": '=HYPERLINK("http://evil","x") Côte d\'Ivoire, Zürich, Ελλάδα',
        },
        {
            "finding_id": "f000000001",
            "text": "12,000",
            "value": "0012",
            "start": 12,
            "confidence": 1,
            "sentence": "-5 troops; +3; @here",
        },
    ]
    src = tmp_path / "findings.csv"
    src.write_text(csv_text(columns, rows), encoding="utf-8-sig")
    out = tmp_path / "report.xlsx"
    workbook.write_workbook(out, [("findings", src), ("missing", tmp_path / "none.csv")])
    book = load_workbook(out)
    assert book.sheetnames == ["findings"]
    ws = book["findings"]
    got = [[c.value for c in r] for r in ws.iter_rows(min_row=2)]
    assert got[0] == ["f864e87465", "October 19", "2022-11-14", 7, 0.963, rows[0]["sentence"]]
    assert got[1] == ["f000000001", "12,000", "0012", 12, 1, "-5 troops; +3; @here"]
    assert all(c.data_type == "s" for r in ws.iter_rows(min_row=2) for c in (r[0], r[1], r[2], r[5]))
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == "A1:F3"
    assert ws.column_dimensions["F"].width >= 40


def test_workbook_says_where_rows_past_the_sheet_limit_are(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(workbook, "MAX_ROWS", 5)
    src = tmp_path / "mentions.csv"
    src.write_text(csv_text(("text",), [{"text": str(i)} for i in range(10)]), encoding="utf-8-sig")
    workbook.write_workbook(tmp_path / "r.xlsx", [("mentions", src)])
    values = [r[0] for r in load_workbook(tmp_path / "r.xlsx")["mentions"].iter_rows(values_only=True)]
    assert values[-1] == "more rows than a sheet holds: see mentions.csv"
    assert len(values) <= 5


def test_summary_csv_header_is_declared(tmp_path: Path) -> None:
    text = csv_text(SUMMARY_COLUMNS, summary_rows([row("a", "300", 0)]))
    header = next(csv.reader(text.splitlines()))
    assert tuple(header) == SUMMARY_COLUMNS


def test_an_unchanged_workbook_is_linked_not_written_again(tmp_path: Path) -> None:
    def files(folder: Path, text: str) -> list[tuple[str, Path]]:
        folder.mkdir(exist_ok=True)
        (folder / "findings.csv").write_text(csv_text(("text",), [{"text": text}]), encoding="utf-8-sig")
        return [("findings", folder / "findings.csv")]

    old = tmp_path / "old" / "report.xlsx"
    workbook.write_workbook(old, files(tmp_path / "old", "Zürich"))
    same, changed = tmp_path / "same" / "report.xlsx", tmp_path / "changed" / "report.xlsx"
    workbook.write_workbook(same, files(tmp_path / "same", "Zürich"), previous=old)
    workbook.write_workbook(changed, files(tmp_path / "changed", "Genève"), previous=old)
    assert same.stat().st_ino == old.stat().st_ino
    assert changed.stat().st_ino != old.stat().st_ino
    assert load_workbook(changed)["findings"]["A2"].value == "Genève"
    more = tmp_path / "more" / "report.xlsx"
    sheets = [*files(tmp_path / "more", "Zürich"), ("summary", tmp_path / "more" / "summary.csv")]
    (tmp_path / "more" / "summary.csv").write_text("text\r\n", encoding="utf-8-sig")
    workbook.write_workbook(more, sheets, previous=old)  # other sheets: written anew
    assert load_workbook(more).sheetnames == ["findings", "summary"]
