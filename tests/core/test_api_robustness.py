"""Bad requests that used to end in a server error (issue 10, defect 9): each gets the API's
error shape with a 4xx that says what is wrong, and leaves the data unchanged. The same for the
pages where they share the cause (huge ids and pages, years, a missing attachment file)."""

from __future__ import annotations

import datetime
import enum
import json
import typing
from collections.abc import Iterator
from decimal import Decimal
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from ninja import Schema

from taizhang.api import api
from taizhang.core.attachments import add_attachment
from taizhang.core.models import Attachment, Unit
from taizhang.projects.models import Project, Stage
from taizhang.projects.services import plans, reports
from tests.conftest import client_for
from tests.core.test_api_attachments import png_bytes
from tests.projects.factories import make_project

API = "/api/v1"
HUGE = 10**30  # beyond any database integer (64 bits)


def assert_error_shape(response, status: int) -> dict:
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"detail", "errors"}
    assert body["detail"]
    return body


def fields_of(body: dict) -> list[str | None]:
    return [error["field"] for error in body["errors"]]


@pytest.fixture
def taer_project(district, people) -> Project:
    return make_project(district.taer, name="塔儿村巷道硬化", subdistrict=district.xiaonantou)


@pytest.fixture
def draft_report(district, people):
    """塔儿村's March 2022 report, not yet submitted (on 3 April 2022)."""
    with mock.patch("taizhang.lib.clock.today", new=lambda: datetime.date(2022, 4, 3)):
        project = make_project(district.taer, name="塔儿村巷道硬化", stage=Stage.ANNUAL)
        plans.include_in_plan(
            project, year=2022, by=people.office, planned_investment_wan=Decimal("120")
        )
        yield reports.file_report(
            project,
            by=people.taer_officer,
            year=2022,
            month=3,
            completed_wan=Decimal("10"),
            progress_text="路基",
        )


@pytest.mark.django_db
class TestHugePages:
    @pytest.mark.parametrize("path", ["/units", "/projects", "/audit", "/rectification/cases"])
    def test_a_page_far_past_the_last_is_empty(self, people, path):
        response = client_for(people.admin).get(f"{API}{path}?page={HUGE}")
        assert response.status_code == 200, response.content
        body = response.json()
        assert body["results"] == []
        assert body["page"] == HUGE

    def test_the_last_page_is_still_cut_at_the_count(self, people):
        client = client_for(people.admin)
        body = client.get(f"{API}/units?page=2&page_size=5").json()
        assert body["count"] == Unit.objects.count() == 8
        assert len(body["results"]) == 3

    @pytest.mark.parametrize(
        "name",
        [
            "unit-list",
            "audit-log",
            "notification-list",
            "intake-list",
            "project-list",
            "yearplan-list",
            "report-list",
            "warning-list",
            "rectification-case-list",
            "supervision-list",
            "security-users",
        ],
    )
    def test_a_list_page_with_a_huge_page_number_is_not_a_server_error(self, people, name):
        response = client_for(people.admin).get(f"{reverse(name)}?page={HUGE}")
        assert response.status_code in {200, 403}


@pytest.mark.django_db
class TestHugeIds:
    @pytest.mark.parametrize(
        ("method", "path", "body"),
        [
            ("get", "/units/{id}", None),
            ("get", "/projects/{id}", None),
            ("patch", "/projects/{id}", {"leader": "李"}),
            ("post", "/rectification/findings/{id}/verification", {"accept": True}),
            ("post", "/rectification/findings/{id}/rectified", {"note": "已整改"}),
            (
                "post",
                "/rectification/cases/{id}/reopen",
                {"reason": "复查", "deadline": "2030-01-01", "finding_ids": [HUGE]},
            ),
            ("post", "/supervision/items/{id}/reopen", {"reason": "复查"}),
            ("post", "/supervision/assignments/{id}/reopen", {"reason": "复查"}),
            ("get", "/attachments/{id}/download", None),
            ("get", "/history/core/unit/{id}", None),
        ],
    )
    def test_a_huge_id_in_the_path_is_not_found(self, people, method, path, body):
        client = client_for(people.admin)
        url = f"{API}{path.format(id=HUGE)}"
        if body is None:
            response = getattr(client, method)(url)
        else:
            response = getattr(client, method)(url, body, content_type="application/json")
        assert_error_shape(response, 404)

    def test_a_huge_id_in_the_query_is_refused_naming_it(self, people):
        response = client_for(people.admin).get(f"{API}/projects?unit={HUGE}")
        assert fields_of(assert_error_shape(response, 422)) == ["unit"]

    def test_a_huge_id_in_the_body_is_refused_naming_the_field(self, district, people):
        before = Unit.objects.count()
        response = client_for(people.admin).post(
            f"{API}/units",
            {"parent_id": HUGE, "name": "新村", "code": "140213001299", "kind": "village"},
            content_type="application/json",
        )
        assert fields_of(assert_error_shape(response, 422)) == ["parent_id"]
        assert Unit.objects.count() == before

    def test_a_huge_id_in_a_list_of_the_body_is_refused(self, district, people):
        response = client_for(people.admin).post(
            f"{API}/supervision/items",
            {
                "title": "督办事项",
                "deadline": "2030-01-01",
                "unit_ids": [-(10**24), district.taer.pk],
                "supervisor_unit_id": -(10**37),
            },
            content_type="application/json",
        )
        body = assert_error_shape(response, 422)
        assert fields_of(body) == ["unit_ids", "supervisor_unit_id"]

    def test_a_huge_id_on_a_page_is_not_found(self, people, taer_project):
        client = client_for(people.admin)
        for path in (f"/projects/{HUGE}/", f"/units/{HUGE}/", f"/attachments/{HUGE}/"):
            assert client.get(path).status_code == 404, path

    def test_a_huge_id_in_a_page_filter_is_a_bad_request(self, people, taer_project):
        response = client_for(people.admin).get(f"/projects/?unit={HUGE}")
        assert response.status_code == 200  # the filter form says the choice is not valid


@pytest.mark.django_db
class TestBodies:
    def test_a_multipart_upload_without_boundary_is_a_bad_request(self, district, people):
        response = client_for(people.taer_officer).generic(
            "POST",
            f"{API}/attachments/core/unit/{district.taer.pk}",
            b"--x\r\nContent-Disposition: form-data; name=caption\r\n\r\nhi\r\n--x--\r\n",
            content_type="multipart/form-data",
        )
        body = assert_error_shape(response, 400)
        assert "boundary" in body["detail"].lower()
        assert not Attachment.objects.exists()

    @override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1000)
    def test_json_over_the_body_limit_is_413(self, district, people):
        before = Unit.objects.count()
        payload = {"name": "新村", "code": "1", "kind": "village", "remarks": "长" * 2000}
        response = client_for(people.admin).post(
            f"{API}/units", json.dumps(payload), content_type="application/json"
        )
        body = assert_error_shape(response, 413)
        assert "MB" in body["detail"]
        assert Unit.objects.count() == before

    @pytest.mark.parametrize("field", ["problems", "progress_text"])
    def test_null_for_a_text_field_of_a_report_is_refused_naming_it(
        self, people, draft_report, field
    ):
        response = client_for(people.taer_officer).patch(
            f"{API}/projects/reports/{draft_report.pk}",
            {field: None},
            content_type="application/json",
        )
        body = assert_error_shape(response, 422)
        assert fields_of(body) == [field]
        draft_report.refresh_from_db()
        assert draft_report.progress_text == "路基"

    def test_null_for_a_text_field_of_a_project_is_refused_naming_it(self, people, taer_project):
        response = client_for(people.admin).patch(
            f"{API}/projects/{taer_project.pk}", {"content": None}, content_type="application/json"
        )
        assert fields_of(assert_error_shape(response, 422)) == ["content"]

    def test_null_for_a_date_is_still_allowed_to_clear_it(self, people, taer_project):
        response = client_for(people.admin).patch(
            f"{API}/projects/{taer_project.pk}",
            {"actual_finish": None},
            content_type="application/json",
        )
        assert response.status_code == 200, response.content


@pytest.mark.django_db
class TestYears:
    @pytest.mark.parametrize("year", [-63590, 0, 10**6])
    def test_a_rollover_of_a_year_out_of_range_is_refused_naming_the_year(self, people, year):
        client = client_for(people.office)
        preview = client.get(f"{API}/projects/plans/{year}/rollover")
        assert fields_of(assert_error_shape(preview, 422)) == ["year"]
        commit = client.post(
            f"{API}/projects/plans/{year}/rollover",
            {"fingerprint": "x"},
            content_type="application/json",
        )
        assert fields_of(assert_error_shape(commit, 422)) == ["year"]
        committed = client.post(f"{API}/projects/plans/{year}/commit")
        assert fields_of(assert_error_shape(committed, 422)) == ["year"]

    def test_warnings_of_a_year_out_of_range_are_refused(self, people):
        response = client_for(people.office).get(f"{API}/projects/warnings?year=256632")
        assert fields_of(assert_error_shape(response, 422)) == ["year"]

    def test_the_rollover_page_of_a_year_out_of_range_is_not_found(self, people):
        assert client_for(people.office).get("/projects/plans/99999/rollover/").status_code == 404

    def test_the_plan_service_refuses_a_year_out_of_range(self, people):
        from django.core.exceptions import ValidationError

        with pytest.raises(ValidationError) as refused:
            plans.commit_rollover(2200, by=people.office, fingerprint="x")
        assert "year" in refused.value.message_dict


@pytest.mark.django_db
class TestMissingFile:
    @pytest.fixture
    def orphan(self, district, people):
        attachment = add_attachment(
            district.taer, SimpleUploadedFile("门牌.png", png_bytes()), by=people.taer_officer
        )
        attachment.file.storage.delete(attachment.file.name)
        return attachment

    def test_the_api_says_the_file_is_missing(self, people, orphan):
        response = client_for(people.taer_officer).get(f"{API}/attachments/{orphan.pk}/download")
        body = assert_error_shape(response, 404)
        assert "missing" in body["detail"]
        assert "门牌.png" in body["detail"]

    def test_the_page_says_the_file_is_missing(self, people, orphan):
        response = client_for(people.taer_officer).get(f"/attachments/{orphan.pk}/")
        assert response.status_code == 404
        assert "missing from storage" in response.content.decode()

    def test_an_unknown_attachment_still_says_only_not_found(self, people):
        response = client_for(people.taer_officer).get(f"{API}/attachments/999/download")
        assert assert_error_shape(response, 404)["detail"] == "Not found."


class TestOpenApiDocument:
    def test_no_two_schemas_share_a_component_name(self):
        """The document names each schema and enum by its class name alone, so two classes of
        one name would silently share one definition (as ReportOut, GroupOut and ChangeOut
        did)."""
        api.get_openapi_schema(path_prefix="/api/v1/")  # imports every router's schemas
        by_name: dict[str, set[str]] = {}

        def add(cls: type) -> None:
            by_name.setdefault(cls.__name__, set()).add(f"{cls.__module__}.{cls.__qualname__}")

        def enums_in(annotation: object) -> Iterator[type]:
            if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
                yield annotation
            for argument in typing.get_args(annotation):
                yield from enums_in(argument)

        pending = list(Schema.__subclasses__())
        while pending:
            cls = pending.pop()
            pending.extend(cls.__subclasses__())
            if cls.__module__.startswith("taizhang."):
                add(cls)
                for field in cls.model_fields.values():
                    for found in enums_in(field.annotation):
                        add(found)
        shared = {name: where for name, where in by_name.items() if len(where) > 1}
        assert shared == {}

    def test_the_document_is_valid_openapi(self):
        import schemathesis

        schema = schemathesis.openapi.from_dict(api.get_openapi_schema(path_prefix="/api/v1/"))
        schema.validate()


@pytest.mark.django_db
def test_a_value_the_database_refuses_is_422_not_a_server_error(district, people):
    from django.db import DataError

    refused = DataError("value too long for type character varying(100)")
    with mock.patch("taizhang.core.services.update_unit", side_effect=refused):
        response = client_for(people.admin).patch(
            f"{API}/units/{district.taer.pk}", {"remarks": "x"}, content_type="application/json"
        )
    body = assert_error_shape(response, 422)
    assert "does not fit the database" in body["detail"]


class TestPagesOutOfRange:
    """The pages' safety net: a number beyond the database's integers that reaches a query
    (SQLite raises OverflowError) is 404 for an id in the path, 400 for the query string."""

    def process(self, path: str, exception: Exception):
        from django.core.exceptions import BadRequest
        from django.http import Http404
        from django.test import RequestFactory
        from django.urls import resolve

        from taizhang.core.middleware import NumbersOutOfRangeMiddleware

        request = RequestFactory().get(path)
        request.resolver_match = resolve(request.path_info)
        middleware = NumbersOutOfRangeMiddleware(lambda request: None)
        try:
            middleware.process_exception(request, exception)
        except Http404:
            return 404
        except BadRequest:
            return 400
        return None

    def test_an_id_in_the_path_is_not_found(self):
        assert self.process(f"/projects/{HUGE}/", OverflowError()) == 404

    def test_a_number_in_the_query_is_a_bad_request(self):
        assert self.process(f"/projects/?unit={HUGE}", OverflowError()) == 400

    def test_other_errors_are_left_alone(self):
        assert self.process("/projects/1/", ValueError()) is None
