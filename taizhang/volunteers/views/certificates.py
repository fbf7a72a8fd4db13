"""The certificate of volunteer service (志愿服务证明): issued from a volunteer's service record,
shown, downloaded as .docx (the ID number masked), and verified by anyone through its link."""

from __future__ import annotations

import io

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from docx import Document

from taizhang.core import personal
from taizhang.core.access import access_record, can_write, require, writable_units
from taizhang.core.models import Unit
from taizhang.core.personal import PersonalKind
from taizhang.core.requests import AuthedRequest
from taizhang.core.views.records import record_context
from taizhang.volunteers import services
from taizhang.volunteers.models import Certificate, Volunteer
from taizhang.volunteers.views.campaigns import NAV


class CertificateForm(forms.Form):
    unit = forms.ModelChoiceField(
        label=gettext_lazy("issuing organisation"), queryset=Unit.objects.none()
    )
    person_in_charge = forms.CharField(label=gettext_lazy("person in charge"), max_length=50)

    def __init__(self, *args: object, user: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        units = Unit.objects.filter(is_active=True).order_by("code")
        self.fields["unit"].queryset = writable_units(user, units)  # type: ignore[attr-defined]


@require_POST
def certificate_create(request: AuthedRequest, pk: int) -> HttpResponse:
    volunteer = access_record(Volunteer, pk, request.user)
    require(can_write(request.user))
    form = CertificateForm(request.POST, user=request.user)
    if not form.is_valid():
        messages.error(request, _("Choose the issuing organisation and the person in charge."))
        return redirect(volunteer.get_absolute_url())
    try:
        certificate = services.issue_certificate(volunteer, by=request.user, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
        return redirect(volunteer.get_absolute_url())
    return redirect(certificate.get_absolute_url())


def _facts(certificate: Certificate, request: HttpRequest) -> dict[str, str]:
    person = certificate.volunteer.person
    return {
        "name": person.name,
        "document": str(person.get_document_type_display()),
        "id_number": personal.mask(PersonalKind.ID_NUMBER, person.id_number or ""),
        "verify": request.build_absolute_uri(reverse("volunteers-verify", args=[certificate.key])),
    }


def certificate_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    certificate = access_record(Certificate, pk, request.user)
    return render(
        request,
        "volunteers/certificate.html",
        {
            "certificate": certificate,
            "facts": _facts(certificate, request),
            "active_nav": NAV,
            **record_context(request, certificate),
        },
    )


def certificate_docx(request: AuthedRequest, pk: int) -> HttpResponse:
    """The certificate as a Word document: name, ID type and masked number, volunteer number,
    hours and content, issuing organisation, person in charge and handler, number, date and
    the verification link."""
    certificate = access_record(Certificate, pk, request.user)
    facts = _facts(certificate, request)
    document = Document()
    document.add_heading("志愿服务证明", level=1)
    lines = [
        f"证明编号：{certificate.number}",
        f"姓名：{facts['name']}",
        f"证件类型：{facts['document']}　证件号码：{facts['id_number']}",
        f"志愿者编号：{certificate.volunteer.number}",
        f"志愿服务时长：{certificate.hours}小时",
        "服务内容：",
        *certificate.content.splitlines(),
        f"出具单位：{certificate.unit.name}",
        f"负责人：{certificate.person_in_charge}　经办人：{certificate.handler}",
        f"出具日期：{certificate.issued_on:%Y年%m月%d日}",
        f"查验网址：{facts['verify']}",
    ]
    for line in lines:
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = f'attachment; filename="{certificate.number}.docx"'
    return response


@login_not_required
def verify(request: HttpRequest, key: str) -> HttpResponse:
    """Anyone holding the link checks a certificate: its number, date, issuer and hours, the
    name in part and the volunteer number; never an ID number."""
    certificate = get_object_or_404(
        Certificate.objects.select_related("volunteer__person", "unit"), key=key
    )
    return render(
        request,
        "volunteers/verify.html",
        {
            "certificate": certificate,
            "name": personal.mask(PersonalKind.NAME, certificate.volunteer.person.name),
        },
    )
