"""What an uploaded zip container (xlsx, docx, pptx) may unpack to: zip bombs are refused.

A small file can declare members of gigabytes, or members that inflate a thousand times. The
checks look at each file itself, not at the upload limit: the number of members, each member's
size and compression ratio, and the total once unpacked; then every member is read through
Python's zipfile, which stops at the declared size and verifies the CRC, so a member that
lies about its size is found before any other reader (openpyxl, calamine, python-docx) sees it.
"""

from __future__ import annotations

import os
import zipfile
from pathlib import Path
from typing import IO

from django.utils.translation import gettext as _

MAX_MEMBERS = 5_000
# Office files compress their XML about 5–20 times; a ratio above this in a member of more than
# RATIO_FLOOR bytes is a bomb.
MAX_RATIO = 200
RATIO_FLOOR = 1 << 20
MAX_INFLATED_BYTES = int(os.environ.get("TAIZHANG_MAX_INFLATED_MB", "512")) * (1 << 20)


class ArchiveRefused(ValueError):
    """The container is damaged or would unpack to too much; the message says which."""


def check_zip(source: Path | IO[bytes]) -> None:
    """Raise ArchiveRefused if `source` is not a sound zip within the limits above."""
    try:
        with zipfile.ZipFile(source) as archive:
            members = archive.infolist()
            _check_declared(members)
            bad = archive.testzip()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError) as error:
        raise ArchiveRefused(_("The file is damaged (not a sound zip container).")) from error
    except NotImplementedError as error:  # an unknown compression method
        raise ArchiveRefused(_("The file uses a compression this system cannot read.")) from error
    if bad is not None:
        raise ArchiveRefused(
            _("The file is damaged: its part %(part)s does not match its checksum.") % {"part": bad}
        )


def _check_declared(members: list[zipfile.ZipInfo]) -> None:
    if len(members) > MAX_MEMBERS:
        raise ArchiveRefused(
            _("The file holds %(count)d parts; at most %(limit)d.")
            % {"count": len(members), "limit": MAX_MEMBERS}
        )
    total = 0
    for member in members:
        total += member.file_size
        if member.file_size > RATIO_FLOOR and (
            member.compress_size == 0 or member.file_size / member.compress_size > MAX_RATIO
        ):
            raise ArchiveRefused(
                _("Its part %(part)s unpacks to %(mb)d MB from %(bytes)d bytes: a zip bomb.")
                % {
                    "part": member.filename,
                    "mb": member.file_size // (1 << 20),
                    "bytes": member.compress_size,
                }
            )
    if total > MAX_INFLATED_BYTES:
        raise ArchiveRefused(
            _("The file unpacks to %(mb)d MB; at most %(limit)d MB.")
            % {"mb": total // (1 << 20), "limit": MAX_INFLATED_BYTES // (1 << 20)}
        )
