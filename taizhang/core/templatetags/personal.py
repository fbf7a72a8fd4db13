"""Template tags of personal data: {% load personal %}{% personal_reveal_link record %}."""

from typing import Any

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from taizhang.core import access, personal

register = template.Library()


@register.simple_tag(takes_context=True)
def personal_reveal_link(context: template.Context, record: Any) -> SafeString | str:
    """The "查看完整信息" link to the record's reveal page (record-personal), for a user who
    may reveal its personal data; nothing for anyone else or a record without any."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if not personal.personal_fields(type(record)) or record.pk is None:
        return ""
    if not access.may_reveal_personal_data(user, record):
        return ""
    meta = record._meta
    url = reverse("record-personal", args=[meta.app_label, meta.model_name, record.pk])
    return format_html(
        '<a href="{}" class="personal-reveal" rel="nofollow">{}</a>', url, _("View full details")
    )
