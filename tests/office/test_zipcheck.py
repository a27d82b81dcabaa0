"""The zip safety check shared by the workbook reader and the evidence checks: member names,
counts, the uncompressed total as it really inflates, and XML that declares a DTD."""

from __future__ import annotations

import io
import struct
import subprocess
import sys
import zipfile

import pytest

from qcounty.office.zipcheck import Limits, Problem, UnsafeZip, check_office_zip, safe_member_name
from tests import files


def problem_of(data: bytes, limits: Limits | None = None) -> Problem | None:
    try:
        check_office_zip(io.BytesIO(data), limits or Limits())
    except UnsafeZip as e:
        return e.problem
    return None


def test_genuine_word_and_excel_files_pass() -> None:
    assert problem_of(files.word_docx()) is None
    assert problem_of(files.excel_xlsx()) is None
    names = check_office_zip(io.BytesIO(files.word_docx()))
    assert {"[Content_Types].xml", "word/document.xml"} <= names


def test_the_check_never_imports_django() -> None:
    code = "import sys, qcounty.office.zipcheck; sys.exit('django' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("word/document.xml", True),
        ("[Content_Types].xml", True),
        ("xl/media/图片1.png", True),
        ("../evil", False),
        ("word/../../evil", False),
        ("word/./document.xml", False),
        ("/etc/passwd", False),
        ("word\\document.xml", False),
        ("C:evil", False),
        ("c:/evil", False),
        ("word/doc\x00ument.xml", False),
        ("word/\x1bdocument.xml", False),
        ("", False),
    ],
)
def test_member_names_stay_inside_the_archive(name: str, safe: bool) -> None:
    assert safe_member_name(name) is safe


def test_a_member_with_a_path_outside_is_refused() -> None:
    assert problem_of(files.docx_with_member("../../evil.txt")) is Problem.UNSAFE_NAME


def test_a_member_named_twice_is_refused() -> None:
    # two members of one name: one program reads the first, another the last
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf, pytest.warns(UserWarning, match="Duplicate name"):
        zf.writestr("[Content_Types].xml", b"<Types/>")
        zf.writestr("word/document.xml", b"<a/>")
        zf.writestr("word/document.xml", b"<b/>")
    assert problem_of(out.getvalue()) is Problem.UNSAFE_NAME


def test_a_gibibyte_of_zeros_in_a_megabyte_is_a_bomb() -> None:
    bomb = files.zip_bomb_docx(1024**3)
    assert len(bomb) < 1_200_000
    assert problem_of(bomb) is Problem.BOMB


def test_a_ratio_far_beyond_any_document_is_a_bomb_however_small_the_total() -> None:
    members = files.members_of(files.word_docx())
    members["word/media/image1.bin"] = bytes(5 * 1024 * 1024)  # 5 MB of zeros: ~5 KB packed
    assert problem_of(files.zip_of(members)) is Problem.BOMB
    # a small document with the same ratio is harmless: below the floor no ratio counts
    members["word/media/image1.bin"] = bytes(500 * 1024)
    assert problem_of(files.zip_of(members)) is None


def test_a_directory_that_lies_about_the_size_is_caught_when_the_member_is_read() -> None:
    members = files.members_of(files.word_docx())
    members["word/media/image1.bin"] = bytes(2 * 1024 * 1024)
    data = bytearray(files.zip_of(members))
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as zf:
        info = zf.getinfo("word/media/image1.bin")
        central = zf.start_dir
    # declare 1000 bytes in the local header and in the central directory: zipfile stops at the
    # declared size, and the CRC of what it read then disagrees
    struct.pack_into("<I", data, info.header_offset + 22, 1000)
    name = b"word/media/image1.bin"
    entry = central
    while data[entry + 46 : entry + 46 + len(name)] != name:
        n, m, k = struct.unpack_from("<HHH", data, entry + 28)
        entry += 46 + n + m + k
    struct.pack_into("<I", data, entry + 24, 1000)
    assert problem_of(bytes(data)) is Problem.DAMAGED


def test_too_many_members_are_refused() -> None:
    members = {f"word/part{i}.xml": b"<a/>" for i in range(20)}
    members["[Content_Types].xml"] = b"<Types/>"
    assert problem_of(files.zip_of(members), Limits(members=10)) is Problem.TOO_MANY_MEMBERS


def test_the_inflated_total_is_counted_while_streaming() -> None:
    members = files.members_of(files.word_docx())
    members["word/media/image1.png"] = files.png((800, 600))
    data = files.zip_of(members, zipfile.ZIP_STORED)
    total = sum(len(v) for v in members.values())
    assert problem_of(data, Limits(uncompressed=total)) is None
    assert problem_of(data, Limits(uncompressed=total - 1)) is Problem.BOMB


@pytest.mark.parametrize(
    ("padding", "encoding"), [(0, "utf-8"), (100_000, "utf-8"), (0, "utf-16"), (0, "utf-16-be")]
)
def test_xml_declaring_entities_is_refused_wherever_the_declaration_is(
    padding: int, encoding: str
) -> None:
    assert problem_of(files.billion_laughs_xlsx(padding, encoding)) is Problem.DTD


def test_a_declaration_split_across_read_chunks_is_found() -> None:
    from qcounty.office import zipcheck

    members = files.members_of(files.excel_xlsx())
    prefix = b'<?xml version="1.0"?>\n<!--' + b"x" * (zipcheck.CHUNK - 30) + b"-->"
    text = prefix + b'<!DOCTYPE sst [<!ENTITY a "b">]><sst/>'
    assert text.index(b"<!DOCTYPE") < zipcheck.CHUNK < text.index(b"<!DOCTYPE") + 9
    members["xl/sharedStrings.xml"] = text
    assert problem_of(files.zip_of(members)) is Problem.DTD


def test_xml_in_an_encoding_the_scan_cannot_read_is_refused() -> None:
    members = files.members_of(files.excel_xlsx())
    members["xl/sharedStrings.xml"] = b'<?xml version="1.0" encoding="UTF-7"?><sst/>'
    assert problem_of(files.zip_of(members)) is Problem.DTD


def test_a_part_disguised_under_another_suffix_is_scanned_too() -> None:
    members = files.members_of(files.excel_xlsx())
    members["xl/worksheets/sheet1.bin"] = files.LAUGHS + b"<worksheet/>"
    assert problem_of(files.zip_of(members)) is Problem.DTD


def test_a_zip_that_is_no_office_file_is_told_apart() -> None:
    assert problem_of(files.zip_of({"readme.txt": b"hello"})) is Problem.NOT_OFFICE


def test_macros_are_refused() -> None:
    members = files.members_of(files.word_docx())
    members["word/vbaProject.bin"] = b"\xd0\xcf\x11\xe0"
    assert problem_of(files.zip_of(members)) is Problem.MACROS


def test_a_damaged_zip_is_refused() -> None:
    data = files.word_docx()
    assert problem_of(data[: len(data) // 2]) is Problem.DAMAGED
    assert problem_of(b"PK\x03\x04" + bytes(40)) is Problem.DAMAGED


@pytest.mark.parametrize(
    "text",
    [
        b'<?xml version="1.0"?><!DOCTYPE sst SYSTEM "http://example.invalid/x.dtd"><sst/>',
        b'<?xml version="1.0"?>\n<!DOCTYPE sst>\n<sst/>',  # a DTD that declares nothing yet
        # the parser decodes the encoding the member declares, as every reader would
        b'<?xml version="1.0" encoding="ISO-8859-1"?><!DOCTYPE sst [<!ENTITY a "\xe9">]><sst/>',
    ],
    ids=["external", "empty", "latin-1"],
)
def test_any_document_type_declaration_is_refused(text: bytes) -> None:
    members = files.members_of(files.excel_xlsx())
    members["xl/sharedStrings.xml"] = text
    assert problem_of(files.zip_of(members)) is Problem.DTD


@pytest.mark.parametrize(
    "text",
    [
        b'<?xml version="1.0"?><sst><!-- <!DOCTYPE x [<!ENTITY a "b">]> --></sst>',
        b'<?xml version="1.0"?><sst><si><t><![CDATA[<!ENTITY lol "lol">]]></t></si></sst>',
    ],
    ids=["comment", "cdata"],
)
def test_a_declaration_only_quoted_in_a_comment_or_text_is_no_declaration(text: bytes) -> None:
    # the bytes `<!DOCTYPE` or `<!ENTITY` where no parser reads a declaration: a clerk's text
    members = files.members_of(files.excel_xlsx())
    members["xl/sharedStrings.xml"] = text
    assert problem_of(files.zip_of(members)) is None


def test_a_part_that_is_not_well_formed_is_left_to_its_reader() -> None:
    # no reader goes past a fatal error, so what follows it is never a declaration
    members = files.members_of(files.excel_xlsx())
    members["xl/workbook.xml"] = b"<workbook><not-closed>"
    assert problem_of(files.zip_of(members)) is None
