"""Reading a report from what people paste or upload: text, .txt, .docx or a PDF with text.

A .txt may be UTF-8 (with or without BOM) or GB18030 (which covers GBK and GB2312), the two
encodings Chinese offices save in. A .docx is read paragraph by paragraph with python-docx,
its tables as tab-separated lines in their place. A PDF is read from its text layer with
pypdf; a scanned PDF without one is refused with a message that says so, since reading images
would need OCR model weights. Anything else, or anything
larger than the limit, is refused with a message naming the file and the reason.
"""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

from django.utils.translation import gettext as _

from taizhang.lib.archives import ArchiveRefused, check_zip
from taizhang.lib.text import clean_text

MAX_BYTES = int(os.environ.get("TAIZHANG_INTAKE_MAX_MB", "10")) * 1024 * 1024
MAX_CHARS = 200_000
MAX_PDF_PAGES = 200
SUFFIXES = (".txt", ".docx", ".pdf")


class IntakeInputError(ValueError):
    """The input cannot be read; the message says what and where."""


def _decode(data: bytes, name: str) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise IntakeInputError(
        _("%(name)s is neither UTF-8 nor GB18030 text.") % {"name": name}
    )  # pragma: no cover - gb18030 decodes almost any byte string


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
            lines = []
            for row in Table(child, document).rows:
                texts = [" ".join(cell.text.split()) or "—" for cell in row.cells]
                lines.append("\t".join(texts))
            blocks.append("\n".join(lines))
    return blocks


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
            _("%(name)s has no text layer (a scanned PDF); paste its text instead.")
            % {"name": name}
        )
    return text


def read_upload(data: bytes, name: str) -> str:
    """The text of an uploaded file, by its name's suffix and checked against its content."""
    if len(data) > MAX_BYTES:
        raise IntakeInputError(
            _("%(name)s is larger than %(limit)s MB.")
            % {"name": name, "limit": MAX_BYTES // 1048576}
        )
    suffix = Path(name).suffix.lower()
    if suffix == ".docx" or (not suffix and data[:2] == b"PK"):
        text = _read_docx(data, name)
    elif suffix == ".pdf" or (not suffix and data[:5] == b"%PDF-"):
        text = _read_pdf(data, name)
    elif suffix in (".txt", ""):
        if data[:5] == b"%PDF-" or data[:2] == b"PK" or b"\x00" in data[:1024]:
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
        raise IntakeInputError(
            _("%(name)s is larger than %(limit)s MB.")
            % {"name": path.name, "limit": MAX_BYTES // 1048576}
        )
    return read_upload(path.read_bytes(), path.name)
