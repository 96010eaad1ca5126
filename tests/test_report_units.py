"""Units of the reader-facing report: sides and value ranges, summary rows, cell safety, the workbook, the HTML."""

from __future__ import annotations

import csv
import re
import shutil
import zipfile
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


def test_spellings_that_agree_are_one_side_and_a_misspelt_surname_comes_next(config: Config) -> None:
    ms = [
        mention("a", "person", "W. Mark Felt", "W. Mark Felt", written="W. Mark Felt"),
        mention("b", "person", "Mark Felt", "W. Mark Felt", written="Mark Felt"),
        mention("c", "person", "William Mark Felt", "W. Mark Felt", written="William Mark Felt"),
        mention("d", "person", "Mark Feld", "W. Mark Felt", written="Mark Feld"),
        mention("e", "person", "Without Felt", "W. Mark Felt", written="Without Felt"),
        mention("f", "person", "Marc Felt", "W. Mark Felt", written="Marc Felt"),
    ]
    got = sides("person", ms, config.reconcile)
    # An initial, a middle name and a first name written out are one spelling; the misspelt surname is the side
    # a reader looks for, before one whose first word differs.
    assert [got[m.mention_id] for m in ms[:3]] == [0, 0, 0]
    assert got[ms[3].mention_id] == 1 and got[ms[5].mention_id] > 1


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


def test_workbook_keeps_text_as_text_and_numbers_as_numbers(tmp_path: Path) -> None:
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


def _xlsxwriter_reference(path: Path, name: str, csv_path: Path) -> None:
    """The sheet written cell by cell through XlsxWriter's own calls (what ``workbook._sheet`` stands in for)."""
    import xlsxwriter

    book = xlsxwriter.Workbook(
        str(path),
        {"constant_memory": True, "strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False},
    )
    book.set_properties({"comments": workbook._signature([(name, csv_path)]), "created": workbook.FIXED_CREATED})
    header = book.add_format({"bold": True, "bg_color": "#EEEEEE", "bottom": 1})
    ws = book.add_worksheet(name)
    with csv_path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.reader(fh)
        columns = next(reader)
        widths = [min(max(len(c) + 2, 8), 60) for c in columns]
        numeric = [c in workbook.NUMBER_COLUMNS for c in columns]
        for col, title in enumerate(columns):
            ws.write_string(0, col, title, header)
        row = 0
        for cells in reader:
            row += 1
            for col, cell in enumerate(cells[: len(columns)]):
                if numeric[col] and (number := workbook._number(cell)) is not None:
                    ws.write_number(row, col, number)
                    continue
                text = unsafe_cell(cell)[: workbook.MAX_CELL]
                if text:
                    ws.write_string(row, col, text)
                if row <= 200:
                    widths[col] = min(max(widths[col], len(text) + 2), 60)
    ws.freeze_panes(1, 0)
    ws.autofilter(0, 0, max(row, 1), len(columns) - 1)
    for col, width in enumerate(widths):
        ws.set_column(col, col, width)
    book.close()


HARD_CELLS = [
    "plain",
    " leading space",
    "trailing space ",
    "trailing newline\n",
    "tab\tinside",
    "\tleading tab",
    "bell\x07 and \x1f unit separator, CR\r",
    "an escape-looking _x0041_ and _X00zz_",
    "noncharacters \ufffe \uffff",
    "R&D <b>bold</b> \"quoted\" 'single'",
    "'=SUM(A1:A2)",
    "=1+1",
    "Zürich Ελλάδα 中文 \U0001f600",
    "\U0001f600" * 20000,  # past the cell limit in UTF-16 units, not in characters
    "x" * 40000,
    "",
]


def test_workbook_rows_are_the_bytes_xlsxwriter_itself_writes(tmp_path: Path) -> None:
    columns = ("finding_id", "text", "start", "confidence", "sentence")
    rows = [
        {"finding_id": f"f{i}", "text": text, "start": i, "confidence": 0.5 + i / 100, "sentence": text[::-1]}
        for i, text in enumerate(HARD_CELLS)
    ]
    rows += [
        {"finding_id": "", "text": "", "start": "", "confidence": "", "sentence": ""},  # an empty row: no <row>
        {"finding_id": "f-num", "text": "12", "start": "not a number", "confidence": "1e300", "sentence": "nan"},
        {"finding_id": "f-big", "text": "", "start": "123456789012345678901", "confidence": "-0.0", "sentence": ""},
    ]
    src = tmp_path / "findings.csv"
    src.write_text(csv_text(columns, rows), encoding="utf-8-sig")
    ours, theirs = tmp_path / "ours.xlsx", tmp_path / "theirs.xlsx"
    workbook.write_workbook(ours, [("findings", src)])
    _xlsxwriter_reference(theirs, "findings", src)
    assert ours.read_bytes() == theirs.read_bytes()
    got = [[c.value for c in r] for r in load_workbook(ours)["findings"].iter_rows(min_row=2, max_row=3)]
    assert got[1][1] == " leading space"


def test_workbook_escapes_rich_text_markup_that_xlsxwriter_would_pass_through(tmp_path: Path) -> None:
    # XlsxWriter writes a string shaped like "<r>...</r>" into the sheet XML as it is (rich text); a quote from
    # an article must stay text: the workbook opens and shows the characters.
    text = '<r><t>injected</t></r><c r="Z9"><v>1</v></c><r>'
    hostile = text + "</r>"
    src = tmp_path / "findings.csv"
    src.write_text(csv_text(("text",), [{"text": hostile}]), encoding="utf-8-sig")
    workbook.write_workbook(tmp_path / "r.xlsx", [("findings", src)])
    ws = load_workbook(tmp_path / "r.xlsx")["findings"]
    assert ws["A2"].value == hostile and ws["Z9"].value is None


def test_an_event_workbook_built_by_its_worker_equals_one_written_from_its_files(tmp_path: Path) -> None:
    from pipeline.executor import event_report
    from pipeline.report import EventReport

    rows = [row("a", "300", 0), row("b", "250", 1), row("c", "300", 0)]
    report = event_report("ev", [], rows)
    assert isinstance(report, EventReport)
    folder = tmp_path / "ev"
    folder.mkdir()
    for name, text in workbook.event_sheets(report):
        (folder / f"{name}.csv").write_text(text, encoding="utf-8-sig")
    workbook.write_workbook(folder / "report.xlsx", [(n, folder / f"{n}.csv") for n in ("summary", "findings")])
    assert workbook.event_workbook(report) == (folder / "report.xlsx").read_bytes()


def test_a_workbook_reused_through_a_top_level_symlink_is_the_file_not_the_link(tmp_path: Path) -> None:
    # OUT/report.xlsx is a symlink into current/; reusing it must link the workbook, not the symlink (which,
    # copied into runs/<date>/, would point nowhere).
    gen = tmp_path / "runs" / "one"
    gen.mkdir(parents=True)
    (gen / "findings.csv").write_text(csv_text(("text",), [{"text": "Zürich"}]), encoding="utf-8-sig")
    workbook.write_workbook(gen / "report.xlsx", [("findings", gen / "findings.csv")])
    (tmp_path / "current").symlink_to("runs/one")
    (tmp_path / "report.xlsx").symlink_to("current/report.xlsx")
    (tmp_path / "findings.csv").symlink_to("current/findings.csv")
    new = tmp_path / "runs" / "two"
    new.mkdir()
    (new / "findings.csv").write_text(csv_text(("text",), [{"text": "Zürich"}]), encoding="utf-8-sig")
    sheets = [("findings", new / "findings.csv")]
    workbook.write_workbook(new / "report.xlsx", sheets, previous=tmp_path / "report.xlsx")
    assert not (new / "report.xlsx").is_symlink()
    assert (new / "report.xlsx").stat().st_ino == (gen / "report.xlsx").stat().st_ino
    assert load_workbook(new / "report.xlsx")["findings"]["A2"].value == "Zürich"


def test_a_workbook_whose_other_sheets_are_unchanged_copies_them_and_equals_a_full_write(tmp_path: Path) -> None:
    """The nightly case after a run with changes: summary and findings as before, another changes sheet."""

    def files(folder: Path, changes: str) -> list[tuple[str, Path]]:
        folder.mkdir(exist_ok=True)
        (folder / "summary.csv").write_text(csv_text(("text", "start"), [{"text": "Zürich", "start": 3}]), "utf-8-sig")
        rows = [{"text": f"row {i} <&>", "start": i} for i in range(300)]
        (folder / "findings.csv").write_text(csv_text(("text", "start"), rows), encoding="utf-8-sig")
        (folder / "changes.csv").write_text(csv_text(("change",), [{"change": changes}]), encoding="utf-8-sig")
        return [(n, folder / f"{n}.csv") for n in ("summary", "findings", "changes")]

    old = tmp_path / "old" / "report.xlsx"
    workbook.write_workbook(old, files(tmp_path / "old", "new"))
    spliced = tmp_path / "spliced" / "report.xlsx"
    sheets = files(tmp_path / "spliced", "gone")
    assert workbook._unchanged_sheets(old, sheets) == {0: 2, 1: 301}
    workbook.write_workbook(spliced, sheets, previous=old)
    full = tmp_path / "full.xlsx"
    workbook.write_workbook(full, sheets)
    assert spliced.read_bytes() == full.read_bytes()
    book = load_workbook(spliced)
    assert book["changes"]["A2"].value == "gone" and book["findings"]["A301"].value == "row 299 <&>"


@pytest.mark.parametrize("damage", ["not a zip", "other sheets", "no filter"])
def test_a_previous_workbook_that_cannot_be_spliced_is_written_in_full(tmp_path: Path, damage: str) -> None:
    folder = tmp_path / "old"
    folder.mkdir()
    (folder / "findings.csv").write_text(csv_text(("text",), [{"text": "Zürich"}]), encoding="utf-8-sig")
    (folder / "changes.csv").write_text(csv_text(("change",), [{"change": "new"}]), encoding="utf-8-sig")
    (folder / "more.csv").write_text("text\r\n", encoding="utf-8-sig")
    old = folder / "report.xlsx"
    names = ["findings", "changes"] if damage != "other sheets" else ["findings", "changes", "more"]
    workbook.write_workbook(old, [(n, folder / f"{n}.csv") for n in names])
    if damage == "not a zip":
        old.write_bytes(b"PK\x03\x04 truncated")
    elif damage == "no filter":
        with zipfile.ZipFile(old) as book:
            parts = {n: book.read(n) for n in book.namelist()}
        parts["xl/workbook.xml"] = re.sub(rb"<definedNames>.*</definedNames>", b"", parts["xl/workbook.xml"])
        with zipfile.ZipFile(old, "w") as book:
            for n, data in parts.items():
                book.writestr(n, data)
    new = tmp_path / "new"
    new.mkdir()
    shutil.copy(folder / "findings.csv", new / "findings.csv")
    (new / "changes.csv").write_text(csv_text(("change",), [{"change": "gone"}]), encoding="utf-8-sig")
    sheets = [(n, new / f"{n}.csv") for n in ("findings", "changes")]
    assert workbook._unchanged_sheets(old, sheets) == {}
    workbook.write_workbook(new / "report.xlsx", sheets, previous=old)
    workbook.write_workbook(tmp_path / "full.xlsx", sheets)
    assert (new / "report.xlsx").read_bytes() == (tmp_path / "full.xlsx").read_bytes()


def test_a_damaged_sheet_in_the_previous_workbook_is_not_copied(tmp_path: Path) -> None:
    folder = tmp_path / "old"
    folder.mkdir()
    rows = [{"text": f"row {i}"} for i in range(500)]
    (folder / "findings.csv").write_text(csv_text(("text",), rows), encoding="utf-8-sig")
    (folder / "changes.csv").write_text(csv_text(("change",), [{"change": "new"}]), encoding="utf-8-sig")
    old = folder / "report.xlsx"
    workbook.write_workbook(old, [(n, folder / f"{n}.csv") for n in ("findings", "changes")])
    with zipfile.ZipFile(old) as book:
        info = book.getinfo("xl/worksheets/sheet1.xml")
    data = bytearray(old.read_bytes())
    data[info.header_offset + 30 + len(info.filename) + info.compress_size // 2] ^= 0xFF  # one flipped byte
    old.write_bytes(bytes(data))
    new = tmp_path / "new"
    new.mkdir()
    shutil.copy(folder / "findings.csv", new / "findings.csv")
    (new / "changes.csv").write_text(csv_text(("change",), [{"change": "gone"}]), encoding="utf-8-sig")
    sheets = [(n, new / f"{n}.csv") for n in ("findings", "changes")]
    assert workbook._unchanged_sheets(old, sheets) == {0: 501}  # it looks reusable ...
    workbook.write_workbook(new / "report.xlsx", sheets, previous=old)
    workbook.write_workbook(tmp_path / "full.xlsx", sheets)
    assert (new / "report.xlsx").read_bytes() == (tmp_path / "full.xlsx").read_bytes()  # ... but is written in full
