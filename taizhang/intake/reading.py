"""Reading a report from what people paste or upload: text, .txt, .docx or a PDF with text.

A .txt may be UTF-8 (with or without BOM) or GB18030 (which covers GBK and GB2312), the two
encodings Chinese offices save in, or UTF-16 with its BOM; a file that mixes two (some lines
UTF-8, others not) is refused with the lines where each starts, rather than read as garbled
text. A .docx is read paragraph by paragraph with python-docx, its tables as tab-separated
lines in their place (a merged cell once: a number merged over several cells gives one figure,
a merged name names every row it spans). A .docx with macros (.docm, or a vbaProject.bin
inside) or with external references (linked pictures, templates or other files, which Word
fetches when the file is opened; hyperlinks are fine) is refused. A PDF is read from its text
layer with pypdf; a scanned PDF without one is refused with a message that says so and points
to OCR outside Taizhang, since reading images would need OCR model weights. Binary or empty
files and anything larger than the limit are refused with a message naming the file and the
reason; nothing is stored.
"""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from taizhang.lib.archives import ArchiveRefused, check_zip
from taizhang.lib.text import clean_text

MAX_BYTES = int(os.environ.get("TAIZHANG_INTAKE_MAX_MB", "10")) * 1024 * 1024
MAX_CHARS = 200_000
MAX_PDF_PAGES = 200
SUFFIXES = (".txt", ".docx", ".pdf")


class IntakeInputError(ValueError):
    """The input cannot be read; the message says what and where."""


# The first bytes of files that are not text, whatever their name says.
BINARY_MAGIC = (
    b"PK\x03\x04",
    b"%PDF-",
    b"\x89PNG",
    b"\xff\xd8\xff",
    b"GIF8",
    b"\xd0\xcf\x11\xe0",  # an old Office file (.doc, .xls)
    b"Rar!",
    b"7z\xbc\xaf",
    b"\x1f\x8b",
)
CONTROL_BYTES = frozenset(range(32)) - {9, 10, 12, 13, 27}
MIXED_MIN_CHARS = 3  # Chinese characters a line needs to count as UTF-8 in a mixed file


def _is_binary(data: bytes) -> bool:
    head = data[:8192]
    if head.startswith(BINARY_MAGIC) or b"\x00" in head:
        return True
    return sum(byte in CONTROL_BYTES for byte in head) * 100 > len(head)


def _mixed_lines(data: bytes) -> tuple[int, int] | None:
    """In a file that is not all UTF-8: the first line that is UTF-8 Chinese text and the
    first line that is not UTF-8, when there are both (1-based)."""
    utf8_line = other_line = 0
    for number, raw in enumerate(data.split(b"\n"), start=1):
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            other_line = other_line or number
        else:
            if not utf8_line and sum("\u4e00" <= c <= "\u9fff" for c in text) >= MIXED_MIN_CHARS:
                utf8_line = number
        if utf8_line and other_line:
            return utf8_line, other_line
    return None


def _decode(data: bytes, name: str) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise IntakeInputError(
                _("%(name)s is not readable UTF-16 text.") % {"name": name}
            ) from error
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    mixed = _mixed_lines(data)
    if mixed:
        raise IntakeInputError(
            _(
                "%(name)s mixes two text encodings: line %(utf8)d is UTF-8, line %(other)d is "
                "not (GB18030 or another). Save the whole file in one encoding (UTF-8) and "
                "upload it again."
            )
            % {"name": name, "utf8": mixed[0], "other": mixed[1]}
        )
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError as error:
        raise IntakeInputError(
            _("%(name)s is neither UTF-8 nor GB18030 text.") % {"name": name}
        ) from error


MACRO_SUFFIXES = (".docm", ".dotm")
MACRO_PARTS = ("vbaproject.bin", "vbadata.xml")
RELATIONSHIPS_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
HYPERLINK = "/hyperlink"  # an external relationship Word never fetches by itself


def _check_docx_parts(data: bytes, name: str) -> None:
    """Refuse a .docx with macros or with references to files outside it."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = archive.namelist()
        types = archive.read("[Content_Types].xml") if "[Content_Types].xml" in parts else b""
        if any(part.lower().rsplit("/", 1)[-1] in MACRO_PARTS for part in parts) or (
            b"macroEnabled" in types
        ):
            raise IntakeInputError(
                _(
                    "%(name)s contains macros; Taizhang does not take in documents with macros. "
                    "Save it as a .docx without macros, or paste its text."
                )
                % {"name": name}
            )
        targets: list[str] = []
        for part in parts:
            if not part.endswith(".rels"):
                continue
            try:
                root = etree.fromstring(archive.read(part), parser)
            except etree.XMLSyntaxError as error:
                raise IntakeInputError(
                    _("%(name)s is not a readable .docx file.") % {"name": name}
                ) from error
            for relation in root.iter(f"{RELATIONSHIPS_NS}Relationship"):
                if relation.get("TargetMode") == "External" and not (
                    relation.get("Type") or ""
                ).endswith(HYPERLINK):
                    targets.append((relation.get("Target") or "")[:80])
    if targets:
        raise IntakeInputError(
            _(
                "%(name)s refers to files outside itself (%(targets)s), which Word would fetch "
                "when the document is opened; it is not taken in. Save a copy with the pictures "
                "and templates embedded, or paste its text."
            )
            % {"name": name, "targets": ", ".join(targets[:3])}
        )


def _read_docx(data: bytes, name: str) -> str:
    import docx  # python-docx
    from docx.opc.exceptions import PackageNotFoundError
    from lxml.etree import XMLSyntaxError

    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise IntakeInputError(_("%(name)s is not a readable .docx file.") % {"name": name})
    try:
        check_zip(io.BytesIO(data))
    except ArchiveRefused as error:
        raise IntakeInputError(f"{name}: {error}") from error
    _check_docx_parts(data, name)
    try:
        document = docx.Document(io.BytesIO(data))
    except (
        PackageNotFoundError,
        zipfile.BadZipFile,
        XMLSyntaxError,
        KeyError,
        ValueError,
    ) as error:
        raise IntakeInputError(
            _("%(name)s is not a readable .docx file.") % {"name": name}
        ) from error
    return "\n\n".join(_docx_blocks(document))


def _docx_blocks(document) -> list[str]:
    """Paragraphs and tables in the order the document has them; a table as one block of
    tab-separated lines, which the reading recognises as a table like a pasted one."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    blocks: list[str] = []
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            blocks.append(Paragraph(child, document).text)
        elif tag == "tbl":
            blocks.extend(_table_blocks(Table(child, document)))
    return blocks


def _table_blocks(table) -> list[str]:
    """A .docx table as tab-separated lines. python-docx gives a merged cell once for each grid
    cell it covers (to the right for a horizontal merge, below for a vertical one): a name is
    kept in each (a village merged over three rows names each of them, a group's name spans
    its columns), a number only in its first cell, so that it is one figure. A row that is one
    cell across the whole table, above or below the rows (a title, 单位：万元, a note), is a
    paragraph of its own."""
    from taizhang.intake.extraction.tables import is_quantity

    grid = [list(row.cells) for row in table.rows]
    lines: list[str] = []
    before: list[str] = []
    after: list[str] = []
    for index, row in enumerate(grid):
        if not row:
            continue
        text_of = [" ".join(cell.text.split()) for cell in row]
        if len(row) > 1 and all(cell._tc is row[0]._tc for cell in row):
            (after if lines else before).append(text_of[0])
            continue
        if after:  # a one-cell row between rows: it stays a row of the table
            lines.extend("\t".join([text] + ["—"] * (len(row) - 1)) for text in after)
            after = []
        above = grid[index - 1] if index else []
        texts = []
        for column, (cell, text) in enumerate(zip(row, text_of, strict=True)):
            merged = (column and cell._tc is row[column - 1]._tc) or (
                column < len(above) and cell._tc is above[column]._tc
            )
            if merged and is_quantity(text):
                text = ""
            texts.append(text or "—")
        lines.append("\t".join(texts))
    return [*before, "\n".join(lines), *after] if lines else [*before, *after]


def _read_pdf(data: bytes, name: str) -> str:
    from pypdf import PdfReader
    from pypdf.errors import LimitReachedError, PdfReadError

    unreadable = _("%(name)s is not a readable PDF file.") % {"name": name}
    try:
        reader = PdfReader(io.BytesIO(data))
        count = len(reader.pages)
    except (PdfReadError, ValueError, KeyError, TypeError) as error:
        raise IntakeInputError(unreadable) from error
    if count > MAX_PDF_PAGES:
        raise IntakeInputError(
            _("%(name)s has %(pages)d pages; a report has at most %(limit)d.")
            % {"name": name, "pages": count, "limit": MAX_PDF_PAGES}
        )
    try:
        pages = [page.extract_text() or "" for page in reader.pages]
    except LimitReachedError as error:  # pypdf's own limit on what a stream may inflate to
        raise IntakeInputError(
            _("%(name)s unpacks to too much to be a report.") % {"name": name}
        ) from error
    except (PdfReadError, ValueError, KeyError, TypeError) as error:
        raise IntakeInputError(unreadable) from error
    text = "\n\n".join(pages)
    if not text.strip():
        raise IntakeInputError(
            _(
                "%(name)s has no text layer (a scanned PDF), and Taizhang does not read "
                "images. Run it through OCR software outside Taizhang and upload the text, or "
                "paste its text."
            )
            % {"name": name}
        )
    return text


def too_large(name: str) -> str:
    return _("%(name)s is larger than %(limit)s MB.") % {
        "name": name,
        "limit": MAX_BYTES // 1048576,
    }


def read_uploaded(upload: Any) -> str:
    """The text of an uploaded file (Django's UploadedFile), refused by its size before a byte
    of it is read into memory."""
    name = upload.name or "upload"
    if upload.size is not None and upload.size > MAX_BYTES:
        raise IntakeInputError(too_large(name))
    return read_upload(upload.read(), name)


def read_upload(data: bytes, name: str) -> str:
    """The text of an uploaded file, by its name's suffix and checked against its content."""
    if len(data) > MAX_BYTES:
        raise IntakeInputError(too_large(name))
    if not data.strip():
        raise IntakeInputError(_("%(name)s is empty.") % {"name": name})
    suffix = Path(name).suffix.lower()
    if suffix in MACRO_SUFFIXES:
        raise IntakeInputError(
            _(
                "%(name)s contains macros; Taizhang does not take in documents with macros. "
                "Save it as a .docx without macros, or paste its text."
            )
            % {"name": name}
        )
    if suffix == ".docx" or (not suffix and data[:2] == b"PK"):
        text = _read_docx(data, name)
    elif suffix == ".pdf" or (not suffix and data[:5] == b"%PDF-"):
        text = _read_pdf(data, name)
    elif suffix in (".txt", ""):
        if _is_binary(data) and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
            raise IntakeInputError(_("%(name)s is not a text file.") % {"name": name})
        text = _decode(data, name)
    else:
        raise IntakeInputError(
            _("%(name)s: only .txt, .docx and .pdf files can be read.") % {"name": name}
        )
    return check_text(text, name)


def check_text(text: str, name: str = "") -> str:
    """Pasted or read text, with line ends made uniform and control characters removed;
    refused when empty or too long."""
    label = name or _("The pasted text")
    text = clean_text(text.replace("\r\n", "\n").replace("\r", "\n"))
    if not text.strip():
        raise IntakeInputError(_("%(name)s is empty.") % {"name": label})
    if len(text) > MAX_CHARS:
        raise IntakeInputError(
            _("%(name)s has more than %(limit)s characters.") % {"name": label, "limit": MAX_CHARS}
        )
    return text


def read_path(path: Path) -> str:
    if not path.is_file():
        raise IntakeInputError(_("%(name)s does not exist.") % {"name": str(path)})
    if path.stat().st_size > MAX_BYTES:
        raise IntakeInputError(too_large(path.name))
    return read_upload(path.read_bytes(), path.name)
