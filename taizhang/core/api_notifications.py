"""The caller's own notifications (通知) in the API: list them, mark one or all read. Each is
read by its recipient only; another person's id is a 404, whoever asks."""

from typing import Any

from django.shortcuts import get_object_or_404
from ninja import Query, Router
from ninja.pagination import paginate

from taizhang.core import notifications
from taizhang.core.models import Notification
from taizhang.core.requests import AuthedRequest
from taizhang.core.schemas import (
    NotificationFilterIn,
    NotificationOut,
    NotificationsReadOut,
    PageNumberPage,
    with_errors,
)

router = Router(tags=["notifications"])


@router.get("/notifications", response=with_errors({200: list[NotificationOut]}, 422))
@paginate(PageNumberPage)
def list_notifications(request: AuthedRequest, filters: Query[NotificationFilterIn]) -> Any:
    """The caller's notifications, newest first; `?unread=true` for the unread ones."""
    own = Notification.objects.for_user(request.user)
    if filters.unread is not None:
        own = own.filter(read_at__isnull=filters.unread)
    return own


@router.post("/notifications/read-all", response=with_errors({200: NotificationsReadOut}, 403))
def read_all_notifications(request: AuthedRequest) -> Any:
    """Mark every unread notification of the caller read."""
    return {"marked": notifications.mark_all_read(by=request.user)}


@router.post(
    "/notifications/{notification_id}/read", response=with_errors({200: NotificationOut}, 404)
)
def read_notification(request: AuthedRequest, notification_id: int) -> Any:
    """Mark one of the caller's notifications read (no audit entry: it is not a record)."""
    notification = get_object_or_404(
        Notification.objects.for_user(request.user), pk=notification_id
    )
    return notifications.mark_read(notification, by=request.user)
