"""Acting on a case with ids beyond the database's integers: a 4xx naming the field, never a
server error (issue 10, defect 9)."""

from __future__ import annotations

import pytest

from tests.conftest import client_for

API = "/api/v1/rectification"
HUGE = 10**30


@pytest.mark.django_db
def test_reopening_with_a_huge_finding_id_names_the_field(open_seed_case, rect):
    case = open_seed_case()
    response = client_for(rect.prosecutor).post(
        f"{API}/cases/{case.pk}/reopen",
        {"reason": "复查", "deadline": "2022-06-30", "finding_ids": [HUGE]},
        content_type="application/json",
    )
    assert response.status_code == 422, response.content
    assert [error["field"] for error in response.json()["errors"]] == ["finding_ids"]


@pytest.mark.django_db
@pytest.mark.parametrize("action", ["rectified", "verification"])
def test_acting_on_a_huge_finding_id_is_not_found(rect, action):
    response = client_for(rect.prosecutor).post(
        f"{API}/findings/{HUGE}/{action}", {"note": "x"}, content_type="application/json"
    )
    assert response.status_code == 404, response.content
    assert response.json()["detail"] == "Not found."
