"""Hostile spreadsheets are refused or read whole, quickly, with a message in Indonesian."""

import io
import time
import zipfile

import pytest
from openpyxl import Workbook

from apps.core import spreadsheets
from apps.core.spreadsheets import UnreadableFile, read_rows

SHEET = "xl/worksheets/sheet1.xml"


def xlsx(rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def with_sheet_xml(data: bytes, rewrite) -> io.BytesIO:
    """``data`` with its first sheet's XML replaced by ``rewrite(xml)``."""
    source, target = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            content = source.read(info)
            out.writestr(info, rewrite(content) if info.filename == SHEET else content)
    target.seek(0)
    target.name = "hostile.xlsx"
    return target


def read_all(source):
    return list(read_rows(source, filename="upload.xlsx"))


def sheet_rows(count: int) -> str:
    return "".join(
        f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>x{n}</t></is></c></row>' for n in range(1, count + 1)
    )


def test_a_plain_file_reads_as_before():
    rows = read_all(io.BytesIO(xlsx([["Code", "Name"], ["A", "Satu"], [None, None], ["B", 2.0]])))
    assert rows == [(2, {"code": "A", "name": "Satu"}), (4, {"code": "B", "name": 2})]


def test_an_understated_dimension_still_reads_every_row():
    def rewrite(xml: bytes) -> bytes:
        head = xml.split(b"<sheetData>")[0].replace(b'ref="A1:B3"', b'ref="A1:B2"')
        head = head.replace(b'<dimension ref="A1:B3"/>', b'<dimension ref="A1:B2"/>')
        return head + b"<sheetData>" + sheet_rows(1001).encode() + b"</sheetData></worksheet>"

    rows = read_all(with_sheet_xml(xlsx([["a", "b"], [1, 2], [3, 4]]), rewrite))
    assert len(rows) == 1000
    assert rows[-1] == (1001, {"x1": "x1001"})


def test_a_far_dimension_with_one_far_cell_is_refused_within_a_second():
    def rewrite(xml: bytes) -> bytes:
        head = xml.split(b"<sheetData>")[0]
        head = head.replace(b'<dimension ref="A1:B2"/>', b'<dimension ref="A1:XFD1048576"/>')
        far = b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>far</t></is></c></row>'
        return head + b"<sheetData>" + sheet_rows(2).encode() + far + b"</sheetData></worksheet>"

    started = time.monotonic()
    with pytest.raises(UnreadableFile) as exc:
        read_all(with_sheet_xml(xlsx([["a", "b"], [1, 2]]), rewrite))
    assert time.monotonic() - started < 5
    assert "50.000 baris" in exc.value.message
    assert exc.value.message.startswith("Berkas tidak dapat dibaca")


def test_a_comment_bomb_is_refused_before_parsing():
    bomb = b"<!--" + b"x" * (4 * 1024 * 1024) + b"-->"

    def rewrite(xml: bytes) -> bytes:
        return xml.replace(b"<sheetData>", bomb + b"<sheetData>")

    started = time.monotonic()
    with pytest.raises(UnreadableFile) as exc:
        read_all(with_sheet_xml(xlsx([["a"], [1]]), rewrite))
    assert time.monotonic() - started < 5
    assert "komentar" in exc.value.message


def test_short_comments_are_allowed():
    def rewrite(xml: bytes) -> bytes:
        return xml.replace(b"<sheetData>", b"<!-- made by hand -->" * 3 + b"<sheetData>")

    assert read_all(with_sheet_xml(xlsx([["a"], [1]]), rewrite)) == [(2, {"a": 1})]


def test_a_comment_split_across_read_chunks_is_measured_whole(monkeypatch):
    monkeypatch.setattr(spreadsheets, "_CHUNK", 1000)
    monkeypatch.setattr(spreadsheets, "MAX_COMMENT_BYTES", 2500)
    short = io.BytesIO(b"<a>" + b"<!--" + b"y" * 2400 + b"-->" + b"</a>")
    long = io.BytesIO(b"<a>" + b"<!-" + b"-" + b"y" * 2600 + b"--" + b">" + b"</a>")
    assert not spreadsheets._comment_too_long(short)
    assert spreadsheets._comment_too_long(long)


def test_malformed_sheet_xml_gets_a_message_not_a_traceback():
    def rewrite(xml: bytes) -> bytes:
        return xml.replace(b"</sheetData>", b"<row r='3'><c></sheetData>")

    with pytest.raises(UnreadableFile) as exc:
        read_all(with_sheet_xml(xlsx([["a"], [1]]), rewrite))
    assert exc.value.message.startswith("Berkas tidak dapat dibaca")


def test_not_a_zip_is_refused():
    source = io.BytesIO(b"PK\x03\x04 not really a zip")
    with pytest.raises(UnreadableFile):
        read_all(source)


def test_more_rows_than_the_limit_are_refused(monkeypatch):
    monkeypatch.setattr(spreadsheets, "MAX_ROWS", 5)
    with pytest.raises(UnreadableFile) as exc:
        read_all(io.BytesIO(xlsx([["a"]] + [[n] for n in range(6)])))
    assert "5 baris" in exc.value.message
    assert len(read_all(io.BytesIO(xlsx([["a"]] + [[n] for n in range(5)])))) == 5


def test_more_columns_than_the_limit_are_refused():
    wide = [[f"c{n}" for n in range(101)], list(range(101))]
    with pytest.raises(UnreadableFile) as exc:
        read_all(io.BytesIO(xlsx(wide)))
    assert "100 kolom" in exc.value.message


def test_size_limits_are_checked_before_parsing(monkeypatch):
    data = xlsx([["a"], [1]])
    monkeypatch.setattr(spreadsheets, "MAX_PACKED_BYTES", len(data) - 1)
    with pytest.raises(UnreadableFile, match="ukuran berkas"):
        read_all(io.BytesIO(data))
    monkeypatch.setattr(spreadsheets, "MAX_PACKED_BYTES", 20 * 2**20)
    monkeypatch.setattr(spreadsheets, "MAX_UNPACKED_BYTES", 100)
    with pytest.raises(UnreadableFile, match="setelah dibuka"):
        read_all(io.BytesIO(data))


def test_a_csv_in_another_encoding_is_refused_with_a_message():
    source = io.BytesIO("kode,nama\nA,Caf\xe9\n".encode("latin-1"))
    with pytest.raises(UnreadableFile, match="CSV"):
        list(read_rows(source, filename="data.csv"))


def test_an_entity_expansion_bomb_is_refused_by_defusedxml():
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
    )

    def rewrite(xml: bytes) -> bytes:
        body = xml.split(b"?>", 1)[1] if xml.startswith(b"<?xml") else xml
        return laughs + body.replace(
            b"<sheetData>",
            b"<sheetData><row r='2'><c r='A2' t='inlineStr'><is><t>&lol2;</t></is></c></row>",
            1,
        )

    with pytest.raises(UnreadableFile):
        read_all(with_sheet_xml(xlsx([["a"]]), rewrite))
