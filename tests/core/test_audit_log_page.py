"""The audit log page's filter: every kind of record, by its name."""

from __future__ import annotations

import re

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType

from taizhang.core import services
from taizhang.core.models import ApiToken, Unit
from taizhang.core.tokens import create_token
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def offered(page: str) -> dict[str, str]:
    """{content type id: label} of the record type select."""
    select = page.split('name="content_type"')[1].split("</select>")[0]
    return dict(re.findall(r'<option value="(\d+)"[^>]*>([^<]*)</option>', select))


def test_the_filter_offers_every_ledger_and_every_audited_record_type(district, people):
    create_token(people.admin, by=people.admin)  # API tokens are no ledger, but are audited
    types = offered(client_for(people.auditor).get("/audit/").content.decode())
    ledgers = [m for m in apps.get_models() if getattr(m, "is_ledger_record", False)]
    assert len(ledgers) > 5
    for model in [*ledgers, ApiToken]:
        content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
        assert types[str(content_type.pk)] == str(model._meta.verbose_name)


def test_the_record_types_read_in_chinese(district, people, settings):
    settings.LANGUAGE_CODE = "zh-hans"
    types = offered(client_for(people.auditor).get("/audit/").content.decode())
    assert "组织机构" in types.values()


def test_filtering_by_a_record_type_shows_only_its_entries(district, people):
    services.update_unit(district.taer, by=people.admin, address="新地址")
    token, _key = create_token(people.admin, by=people.admin)
    unit_type = ContentType.objects.get_for_model(Unit).pk
    page = client_for(people.auditor).get(f"/audit/?content_type={unit_type}").content.decode()
    assert "塔儿村" in page and token.prefix not in page
    token_type = ContentType.objects.get_for_model(ApiToken).pk
    page = client_for(people.auditor).get(f"/audit/?content_type={token_type}").content.decode()
    assert "塔儿村" not in page and token.prefix in page


def test_the_api_filters_by_any_record_type_too(district, people):
    token, _key = create_token(people.admin, by=people.admin)
    token_type = ContentType.objects.get_for_model(ApiToken).pk
    response = client_for(people.auditor).get(f"/api/v1/audit?content_type={token_type}")
    assert response.status_code == 200, response.content
    assert [e["object_id"] for e in response.json()["results"]] == [str(token.pk)]
