"""A person's own notifications (通知): the list, newest first; opening one marks it read and
goes to its page; "mark all read". Nobody sees anyone else's, administrators included."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from taizhang.core import modules, notifications
from taizhang.core.models import Notification
from taizhang.core.requests import AuthedRequest

PER_PAGE = 30


def notification_list(request: AuthedRequest) -> HttpResponse:
    own = Notification.objects.for_user(request.user)
    page = Paginator(own, PER_PAGE).get_page(request.GET.get("page"))
    labels = {module.key: module.label for module in modules.modules()}
    return render(
        request,
        "core/notification_list.html",
        {
            "page": page,
            "rows": [(n, labels.get(n.module, "")) for n in page.object_list],
            "active_nav": "notifications",
        },
    )


def notification_open(request: AuthedRequest, pk: int) -> HttpResponse:
    """Follow a notification's link: mark it read, then go to its (local) page."""
    notification = get_object_or_404(Notification.objects.for_user(request.user), pk=pk)
    notifications.mark_read(notification, by=request.user)
    if not notifications.is_local(notification.url):
        return redirect("notification-list")
    return redirect(notification.url)


@require_POST
def notification_read_all(request: AuthedRequest) -> HttpResponse:
    notifications.mark_all_read(by=request.user)
    return redirect(reverse("notification-list"))
