"""A user's own API tokens: create (the key is shown once) and revoke."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from taizhang.core import tokens
from taizhang.core.models import ApiToken
from taizhang.core.requests import AuthedRequest


def token_list(request: AuthedRequest) -> HttpResponse:
    new_key = None
    if request.method == "POST":
        _token, new_key = tokens.create_token(
            request.user, by=request.user, name=request.POST.get("name", "")
        )
    return render(
        request,
        "core/token_list.html",
        {
            "tokens": ApiToken.objects.filter(user=request.user),
            "new_key": new_key,
            "active_nav": "tokens",
            "example": _("curl -H 'Authorization: Bearer KEY' http://127.0.0.1:8000/api/v1/me"),
        },
    )


@require_POST
def token_revoke(request: AuthedRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, pk=pk, user=request.user, revoked_at__isnull=True)
    tokens.revoke_token(token, by=request.user)
    return redirect("token-list")
