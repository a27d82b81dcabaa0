"""Decide whether a zip-based Office file (.docx, .xlsx) is safe to open, without trusting it.

A hostile archive can lie in its directory, inflate a few kilobytes into gigabytes, name a member
`../../etc/x`, or carry XML entity declarations that expand without end (billion laughs). Every
member is streamed through zipfile under a byte budget: nothing is extracted, and no member is
ever held in memory whole. Every member that starts like XML is streamed through defusedxml's
parser, which refuses a DTD, an entity declaration or an external reference as it meets them
(the parser decodes the member as any reader would, so no declaration hides in an encoding).
Pure Python, no Django: the workbook reader and the evidence checks both use it.
"""

from __future__ import annotations

import enum
import re
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import IO
from xml.etree.ElementTree import ParseError
from xml.parsers import expat

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

CHUNK = 64 * 1024
# expat's errors for a declared encoding it cannot decode
_ENCODING_ERRORS = {
    expat.errors.codes[expat.errors.XML_ERROR_UNKNOWN_ENCODING],
    expat.errors.codes[expat.errors.XML_ERROR_INCORRECT_ENCODING],
}
_DRIVE = re.compile(r"^[A-Za-z]:")


class Problem(enum.Enum):
    DAMAGED = "damaged"
    ENCRYPTED = "encrypted"
    TOO_MANY_MEMBERS = "too_many_members"
    BOMB = "bomb"  # inflates far beyond any real document
    UNSAFE_NAME = "unsafe_name"  # an absolute path, `..`, a backslash, a drive letter, a duplicate
    NOT_OFFICE = "not_office"  # no [Content_Types].xml: some other zip
    DTD = "dtd"  # an XML member declares a DTD, entities or an external reference
    MACROS = "macros"  # a VBA project inside


class UnsafeZip(ValueError):
    """A zip-based Office file that must not be opened; `problem` says why."""

    def __init__(self, problem: Problem, member: str = "") -> None:
        super().__init__(f"{problem.value}: {member}" if member else problem.value)
        self.problem = problem
        self.member = member


@dataclass(frozen=True)
class Limits:
    members: int = 10_000
    uncompressed: int = 100 * 1024 * 1024  # all members together, as they really inflate
    ratio: int = 100  # uncompressed / compressed for the whole file: real documents are far below
    ratio_floor: int = 1024 * 1024  # below this much inflated content no ratio is suspicious


def check_office_zip(f: IO[bytes], limits: Limits = Limits()) -> set[str]:
    """Return the member names of a safe Office zip, or raise UnsafeZip saying why."""
    f.seek(0, 2)
    size = f.tell()
    f.seek(0)
    try:
        with zipfile.ZipFile(f) as zf:
            return _check(zf, size, limits)
    except UnsafeZip:
        raise
    # what zipfile raises for a damaged or hostile archive: NotImplementedError for an unknown
    # compression method, RuntimeError for an encrypted member, ValueError for bad offsets,
    # zlib.error for damaged deflate data, BadZipFile for a wrong CRC; anything else is a bug
    except (
        zlib.error,
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        NotImplementedError,
        RuntimeError,
        ValueError,
        OSError,
        EOFError,
    ):
        raise UnsafeZip(Problem.DAMAGED) from None
    finally:
        f.seek(0)


def _check(zf: zipfile.ZipFile, size: int, limits: Limits) -> set[str]:
    members = zf.infolist()
    if len(members) > limits.members:
        raise UnsafeZip(Problem.TOO_MANY_MEMBERS)
    names: set[str] = set()
    for m in members:
        if not safe_member_name(m.filename) or m.filename in names:
            raise UnsafeZip(Problem.UNSAFE_NAME, m.filename)
        names.add(m.filename)
        if m.flag_bits & 0x1:
            raise UnsafeZip(Problem.ENCRYPTED, m.filename)
    declared = sum(m.file_size for m in members)
    _budget(declared, size, limits)  # the directory's word first: cheap, before inflating
    if "[Content_Types].xml" not in names:
        raise UnsafeZip(Problem.NOT_OFFICE)
    if any(n.lower().rsplit("/", 1)[-1] == "vbaproject.bin" for n in names):
        raise UnsafeZip(Problem.MACROS)
    inflated = 0
    for m in members:
        if m.is_dir():
            continue
        # zipfile stops at the size the header declares and then checks the CRC, so a member
        # cannot inflate past its header; the budget is still counted on what really came out
        inflated += _stream_member(zf, m, limits.uncompressed - inflated)
        _budget(inflated, size, limits)
    return names


def _budget(total: int, size: int, limits: Limits) -> None:
    if total > limits.uncompressed:
        raise UnsafeZip(Problem.BOMB)
    if total > limits.ratio_floor and total > limits.ratio * max(1, size):
        raise UnsafeZip(Problem.BOMB)


def safe_member_name(name: str) -> bool:
    """Return whether a member name stays inside the archive (no root, `..`, `\\`, drive)."""
    if not name or name.startswith("/") or "\\" in name or "\x00" in name:
        return False
    if _DRIVE.match(name):
        return False
    if any(ord(c) < 32 for c in name):
        return False
    return all(part not in ("..", ".") for part in name.split("/"))


def _stream_member(zf: zipfile.ZipFile, m: zipfile.ZipInfo, budget: int) -> int:
    """Read a member chunk by chunk within the budget; parse it when it is XML; return its size."""
    n = 0
    parser: _XmlCheck | None = None
    with zf.open(m) as f:
        while chunk := f.read(CHUNK):
            if n == 0:
                parser = _XmlCheck.for_head(chunk, m.filename)
            n += len(chunk)
            if n > budget:
                raise UnsafeZip(Problem.BOMB, m.filename)
            if parser is not None:
                parser.feed(chunk)
    if parser is not None:
        parser.close()
    return n


class _Discard:
    """A parser target that keeps nothing: a member is checked, never built into a tree."""

    def close(self) -> None:
        return None


class _XmlCheck:
    """Parse an XML member as it streams, refusing a DTD, entities and external references."""

    def __init__(self, member: str) -> None:
        self.member = member
        self.parser: DefusedXMLParser | None = DefusedXMLParser(
            target=_Discard(), forbid_dtd=True, forbid_entities=True, forbid_external=True
        )

    @classmethod
    def for_head(cls, head: bytes, member: str) -> _XmlCheck | None:
        """Return a check for a member that starts like XML, None for anything else."""
        if head.startswith((b"\x00\x00\xfe\xff", b"\xff\xfe\x00\x00", b"\x00\x00\x00<")):
            raise UnsafeZip(Problem.DAMAGED, member)  # UTF-32: no Office file, and expat reads none
        if head.startswith((b"\xff\xfe", b"\xfe\xff", b"<\x00", b"\x00<")):
            return cls(member)  # UTF-16
        stripped = head.lstrip(b" \t\r\n")
        if stripped.startswith(b"\xef\xbb\xbf"):
            stripped = stripped[3:]
        if not stripped.startswith(b"<"):
            return None  # a picture, a binary part: no XML parser reads it as XML
        return cls(member)

    def feed(self, chunk: bytes) -> None:
        if self.parser is not None:
            self._run(partial(self.parser.feed, chunk))

    def close(self) -> None:
        if self.parser is not None:
            self._run(self.parser.close)

    def _run(self, step: Callable[[], object]) -> None:
        try:
            step()
        except DefusedXmlException:
            raise UnsafeZip(Problem.DTD, self.member) from None
        except ParseError as e:
            if e.code in _ENCODING_ERRORS:
                raise UnsafeZip(Problem.DTD, self.member) from None
            # not well-formed: no conforming reader goes past a fatal error, so nothing after it
            # is ever read as a declaration; the reader of the part says what is wrong with it
            self.parser = None
        except (ValueError, LookupError):
            # a declared encoding pyexpat cannot decode ("multi-byte encodings are not
            # supported", an unknown name): another reader might, and meet a DTD unseen here
            raise UnsafeZip(Problem.DTD, self.member) from None
