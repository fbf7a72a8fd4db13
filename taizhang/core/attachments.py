"""Photos and documents on any ledger record (附件): content-checked, size-limited, audited."""

from __future__ import annotations

import hashlib
import io
import warnings
from typing import Any

import filetype
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from taizhang.core import audit
from taizhang.core.access import can_read, can_write, require, scope, scope_unit_of
from taizhang.core.models import Attachment, AttachmentKind, User
from taizhang.lib.archives import ArchiveRefused, check_zip

# Types accepted, recognised from the file's content (magic bytes), never from its name.
PHOTO_TYPES = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp", "image/gif": "gif"}
DOCUMENT_TYPES = {
    "application/pdf": "pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": "pptx",
}
ZIP_CONTAINERS = frozenset({"docx", "xlsx", "pptx"})


def detect_type(head: bytes) -> tuple[str, str, str]:
    """(mime type, extension, kind) of a file from its first bytes, or ValidationError."""
    guess = filetype.guess(head)
    mime = guess.mime if guess else ""
    if mime in PHOTO_TYPES:
        return mime, PHOTO_TYPES[mime], AttachmentKind.PHOTO
    if mime in DOCUMENT_TYPES:
        return mime, DOCUMENT_TYPES[mime], AttachmentKind.DOCUMENT
    raise ValidationError(
        _(
            "Unsupported file type%(found)s. Accepted: JPEG, PNG, WebP, GIF photos; PDF, Word, "
            "Excel and PowerPoint documents."
        )
        % {"found": f" ({mime})" if mime else ""}
    )


def _read_checked(upload: UploadedFile) -> bytes:
    limit = settings.TAIZHANG_ATTACHMENT_MAX_BYTES
    if upload.size is not None and upload.size > limit:
        raise ValidationError(
            _("%(name)s is %(size).1f MB; the limit is %(limit)d MB.")
            % {"name": upload.name, "size": upload.size / 2**20, "limit": limit // 2**20}
        )
    content = upload.read(limit + 1)
    if len(content) > limit:
        raise ValidationError(
            _("The file is larger than %(limit)d MB.") % {"limit": limit // 2**20}
        )
    if not content:
        raise ValidationError(_("The file is empty."))
    return content


def _check_image(content: bytes) -> None:
    """A real image of sane dimensions: a small file that declares 100,000 × 100,000 pixels
    (a decompression bomb) is refused, never decoded."""
    limit = settings.TAIZHANG_MAX_IMAGE_PIXELS
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(content)) as image:
                width, height = image.size
                if width * height > limit:
                    raise ValidationError(
                        _("The photo is %(w)d × %(h)d pixels; at most %(mp)d megapixels.")
                        % {"w": width, "h": height, "mp": limit // 1_000_000}
                    )
                image.verify()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise ValidationError(
            _("The photo is too large once decoded: at most %(mp)d megapixels.")
            % {"mp": limit // 1_000_000}
        ) from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise ValidationError(_("The photo is damaged or not really an image.")) from error


def _check_container(content: bytes) -> None:
    """Office documents are zip containers: refuse a damaged one or a zip bomb."""
    try:
        check_zip(io.BytesIO(content))
    except ArchiveRefused as error:
        raise ValidationError(str(error)) from error


@transaction.atomic
def add_attachment(
    record: models.Model, upload: UploadedFile, *, by: User | None, caption: str = ""
) -> Attachment:
    """Store an uploaded file on `record`, after checking access, size and real content type."""
    require(can_write(by, record))
    content = _read_checked(upload)
    mime, extension, kind = detect_type(content[:8192])
    if kind == AttachmentKind.PHOTO:
        _check_image(content)
    elif extension in ZIP_CONTAINERS:
        _check_container(content)
    original_name = (upload.name or "file").replace("/", "_").replace("\\", "_")[-200:]
    attachment = Attachment(
        content_type=ContentType.objects.get_for_model(record, for_concrete_model=False),
        object_id=str(record.pk),
        scope_unit=scope_unit_of(record),
        original_name=original_name,
        mime_type=mime,
        extension=extension,
        kind=kind,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        caption=caption[:200],
        uploaded_by=by,
    )
    attachment.file.save(f"upload.{extension}", ContentFile(content), save=False)
    attachment.save()
    audit.record_create(attachment, by=by)
    return attachment


@transaction.atomic
def remove_attachment(attachment: Attachment, *, by: User | None, reason: str = "") -> Attachment:
    """Hide an attachment from the record. The file is kept: nothing is lost."""
    require(can_write(by, attachment))
    before = audit.snapshot(attachment)
    attachment.removed_at = timezone.now()
    attachment.save(update_fields=["removed_at"])
    audit.record_update(attachment, before, by=by, reason=reason)
    return attachment


def attachments_of(record: models.Model, user: Any) -> models.QuerySet[Attachment]:
    """The attachments shown on a record, for someone who may read it (else none)."""
    if not can_read(user, record):
        return Attachment.objects.none()
    content_type = ContentType.objects.get_for_model(record, for_concrete_model=False)
    return Attachment.objects.filter(
        content_type=content_type, object_id=str(record.pk), removed_at__isnull=True
    ).select_related("uploaded_by")


def visible_attachment(pk: Any, user: Any) -> Attachment | None:
    """An attachment that is not removed and whose record `user` may read."""
    attachment = (
        Attachment.objects.filter(pk=pk, removed_at__isnull=True)
        .select_related("content_type")
        .first()
    )
    if attachment is None:
        return None
    record_model = attachment.content_type.model_class()
    if (
        record_model is None
        or not scope(record_model._default_manager.filter(pk=attachment.object_id), user).exists()
    ):
        return None
    return attachment


class StoredFileMissing(Http404):
    """The attachment is on record but its file is gone from storage (restored without its
    files, removed by hand): a 404 that says so, on the page and in the API, never a 500."""


def open_stored_file(attachment: Attachment) -> File:
    """The attachment's file, opened for reading, or StoredFileMissing."""
    try:
        return attachment.file.open("rb")
    except OSError as error:  # FileNotFoundError on disk; storages raise their own OSErrors
        raise StoredFileMissing(
            _(
                "The file of this attachment (%(name)s) is missing from storage. Ask the "
                "administrator to restore it from a backup."
            )
            % {"name": attachment.original_name}
        ) from error
