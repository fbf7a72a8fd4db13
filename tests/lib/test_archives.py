"""Zip containers (xlsx, docx, pptx) that would unpack to too much are refused by their own
measure — members, ratio, total, a member that lies about its size — and sound ones pass."""

import io
import struct
import zipfile

import openpyxl
import pytest

from taizhang.lib import archives
from taizhang.lib.archives import ArchiveRefused, check_zip


def zipped(members: dict[str, bytes]) -> io.BytesIO:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    buffer.seek(0)
    return buffer


def test_a_real_workbook_passes():
    book = openpyxl.Workbook()
    book.active.append(["项目名称", "总投资"])
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    check_zip(buffer)


def test_a_member_that_inflates_a_thousand_times_is_a_bomb():
    bomb = zipped({"xl/workbook.xml": b"<w/>", "xl/worksheets/sheet1.xml": b"\0" * (20 << 20)})
    with pytest.raises(ArchiveRefused, match="zip bomb"):
        check_zip(bomb)


def test_the_total_unpacked_size_is_limited_whatever_the_ratio(monkeypatch):
    monkeypatch.setattr(archives, "MAX_INFLATED_BYTES", 1 << 20)
    noise = bytes(range(256)) * 4096 * 2  # 2 MB that hardly compresses
    with pytest.raises(ArchiveRefused, match="unpacks to 2 MB"):
        check_zip(zipped({"a.xml": noise}))


def test_too_many_members_are_refused(monkeypatch):
    monkeypatch.setattr(archives, "MAX_MEMBERS", 10)
    with pytest.raises(ArchiveRefused, match="11 parts"):
        check_zip(zipped({f"part{i}.xml": b"x" for i in range(11)}))


def test_a_member_that_lies_about_its_size_is_found():
    """The central directory says 10 bytes; the data inflates to 1 MB."""
    honest = zipped({"xl/sharedStrings.xml": b"A" * (1 << 20)}).getvalue()
    lying = bytearray(honest)
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = lying.find(signature)
        lying[start + offset : start + offset + 4] = struct.pack("<I", 10)
    with pytest.raises(ArchiveRefused, match="damaged"):
        check_zip(io.BytesIO(bytes(lying)))


def test_a_damaged_file_is_refused_as_damaged():
    with pytest.raises(ArchiveRefused, match="damaged"):
        check_zip(io.BytesIO(b"PK\x03\x04 and then nothing"))
