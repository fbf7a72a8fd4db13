"""Pages every ledger record has: its history (变更记录) and its attachments (附件)."""

from typing import TYPE_CHECKING, Any, cast

from django.apps import apps
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from taizhang.core import attachments, audit, history
from taizhang.core.access import can_read, can_write, require, scope
from taizhang.core.forms import AttachmentForm
from taizhang.core.models import Attachment, AuditAction
from taizhang.core.requests import AuthedRequest

if TYPE_CHECKING:
    from django.shortcuts import SupportsGetAbsoluteUrl


def ledger_model(app_label: str, model_name: str) -> type[models.Model]:
    """A ledger model: its records have history pages and attachments."""
    try:
        model = apps.get_model(app_label, model_name)
    except (LookupError, ValueError) as error:
        raise Http404 from error
    if not getattr(model, "is_ledger_record", False):
        raise Http404
    return model


def record_context(request: AuthedRequest, record: models.Model) -> dict[str, Any]:
    """What a detail page shows below the record: attachments, recent history, upload form."""
    meta = record._meta
    return {
        "record": record,
        "record_key": {"app_label": meta.app_label, "model_name": meta.model_name, "pk": record.pk},
        "attachments": attachments.attachments_of(record, request.user),
        "recent_history": history.describe(
            audit.history_of(
                type(record), record.pk, request.user, readable=can_read(request.user, record)
            )[:5],
            request.user,
            actions=[AuditAction.UPDATE],
        ),
        "can_write": can_write(request.user, record),
        "attachment_form": AttachmentForm(),
    }


def record_history(
    request: AuthedRequest, app_label: str, model_name: str, pk: str
) -> HttpResponse:
    """Every change of one record, newest first. Read-only: nothing here edits history."""
    model = ledger_model(app_label, model_name)
    entries = audit.history_of(model, pk, request.user)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    page.object_list = history.describe(page.object_list, request.user)
    record = scope(model._default_manager.all(), request.user).filter(pk=pk).first()
    if record is None and not page.object_list:
        raise Http404
    return render(
        request,
        "core/record_history.html",
        {
            "page": page,
            "record": record,
            "title": str(record) if record else page.object_list[0].object_repr,
            "model_label": model._meta.verbose_name,
        },
    )


@require_POST
def attachment_upload(
    request: AuthedRequest, app_label: str, model_name: str, pk: str
) -> HttpResponse:
    model = ledger_model(app_label, model_name)
    record = scope(model._default_manager.all(), request.user).filter(pk=pk).first()
    if record is None:
        raise Http404
    require(can_write(request.user, record))
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            attachments.add_attachment(
                record,
                form.cleaned_data["file"],
                by=request.user,
                caption=form.cleaned_data["caption"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("File uploaded."))
    else:
        messages.error(request, _("Choose a file to upload."))
    return redirect(cast("SupportsGetAbsoluteUrl", record))  # a ledger record has a page


def _visible_attachment(request: AuthedRequest, pk: int) -> Attachment:
    attachment = attachments.visible_attachment(pk, request.user)
    if attachment is None:
        raise Http404
    return attachment


def attachment_download(request: AuthedRequest, pk: int) -> FileResponse:
    attachment = _visible_attachment(request, pk)
    inline = attachment.kind == "photo" and "download" not in request.GET
    response = FileResponse(
        attachments.open_stored_file(attachment),
        as_attachment=not inline,
        filename=attachment.original_name,
        content_type=attachment.mime_type,
    )
    response["Cache-Control"] = "private, max-age=3600"
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'"
    return response


@require_POST
def attachment_remove(request: AuthedRequest, pk: int) -> HttpResponse:
    attachment = _visible_attachment(request, pk)
    attachments.remove_attachment(
        attachment, by=request.user, reason=request.POST.get("reason", "")
    )
    messages.success(request, _("Attachment removed; it stays in the history."))
    record = attachment.record
    return redirect(record) if record is not None else redirect("home")
