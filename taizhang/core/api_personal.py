"""Personal data through the API (个人信息): the explicit reveal of a record's personal fields
(查看完整信息), recorded with its reason, and the log of those reveals for the audit
administrator. The same checks as the pages (core/views/personal.py, core/personal.py)."""

from typing import Any

from django.core.exceptions import ValidationError
from ninja import Query, Router
from ninja.errors import ValidationError as RequestValidationError
from ninja.pagination import paginate

from taizhang.core import access, personal
from taizhang.core.api import filtered
from taizhang.core.filters import PersonalDataAccessFilter
from taizhang.core.models import PersonalDataAccess, PersonalDataAccessKind
from taizhang.core.requests import AuthedRequest
from taizhang.core.schemas import (
    PageNumberPage,
    PersonalDataAccessOut,
    PersonalDataFilterIn,
    RevealIn,
    RevealOut,
    with_errors,
)
from taizhang.core.views.personal import personal_record

router = Router(tags=["personal data"])


@router.post(
    "/personal/{app_label}/{model_name}/{pk}/reveal",
    response=with_errors({200: RevealOut}, 403, 404, 422),
)
def reveal(
    request: AuthedRequest, app_label: str, model_name: str, pk: str, payload: RevealIn
) -> Any:
    """The record's personal fields in full, e.g. /personal/core/unit/12/reveal. Every call is
    recorded with the reason given (the audit administrator reads the log). 404 for a record
    the caller may not read; 403 if they may not reveal its personal data (only those who may
    write it; leaders, auditors and the security administrator never); 422 without a reason."""
    access.require(access.may_reveal_any_personal_data(request.user))
    record = personal_record(app_label, model_name, pk, request.user)
    access.require(access.may_reveal_personal_data(request.user, record))
    try:
        values = personal.reveal(
            record,
            by=request.user,
            reason=payload.reason,
            kind=PersonalDataAccessKind.API,
            request=request,
        )
    except ValidationError as error:
        raise RequestValidationError(
            [
                {
                    "loc": ("body", "payload", "reason"),
                    "msg": " ".join(error.messages),
                    "type": "invalid",
                }
            ]
        ) from error
    return {"fields": values}


@router.get(
    "/audit/personal-data",
    response=with_errors({200: list[PersonalDataAccessOut]}, 403, 422),
    tags=["history"],
)
@paginate(PageNumberPage)
def personal_data_log(request: AuthedRequest, filters: Query[PersonalDataFilterIn]) -> Any:
    """Who saw whose personal data in full, newest first: the audit and system
    administrators only."""
    access.require(access.reads_personal_data_log(request.user))
    queryset = PersonalDataAccess.objects.select_related("content_type")
    return filtered(PersonalDataAccessFilter, filters, queryset)
