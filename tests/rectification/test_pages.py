"""The rectification pages: list, case page with its clocks and steps, forms, dashboard,
campaign pages and the public notice; who may see and do what."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from taizhang.rectification.models import Case
from taizhang.rectification.services import cases, findings
from tests import walker
from tests.conftest import client_for
from tests.rectification.conftest import walk_to

pytestmark = pytest.mark.django_db


def close_case(case, rect):
    case = walk_to(case, rect, None, "rectifying")
    for finding in case.findings.all():
        findings.report_rectified(finding, by=rect.inspector, note="已整改")
        findings.verify_finding(finding, by=rect.verifier)
    cases.take_step(case, by=rect.inspector, action="submit")
    return cases.take_step(case, by=rect.verifier, action="close")


def test_the_case_page_shows_both_clocks_findings_and_history(open_seed_case, rect, clock):
    case = walk_to(open_seed_case(), rect, clock, "ordered")
    page = client_for(rect.inspector).get(f"/rectification/cases/{case.pk}/")
    text = page.content.decode()
    assert page.status_code == 200
    assert "2022-05-01" in text and "2022-04-30" in text  # reply clock and 规定时限
    assert "废机油与其他物品混存" in text
    assert 'data-action="start"' in text  # the bureau's next step
    assert 'data-action="investigate"' in text  # on the timeline
    assert "138****1111" in text and "13800001111" not in text


def test_a_step_posted_from_the_page_moves_the_case_and_a_refused_one_says_why(
    open_seed_case, rect, clock
):
    case = walk_to(open_seed_case(), rect, clock, "investigating")
    client = client_for(rect.inspector)
    url = f"/rectification/cases/{case.pk}/step/"
    refused = client.post(url, {"action": "order", "deadline": "2022-01-01"}, follow=True)
    assert "before the case was opened" in refused.content.decode()
    assert Case.objects.get(pk=case.pk).assignment.state == "investigating"
    client.post(url, {"action": "order", "deadline": "2022-04-30", "number": "责改3号"})
    assert Case.objects.get(pk=case.pk).assignment.state == "ordered"


def test_a_case_opened_from_the_form_has_its_findings(district, rect, clock):
    client = client_for(rect.prosecutor)
    data = {
        "campaign": rect.campaign.pk,
        "origin": "procuratorate",
        "found_by_unit": rect.procuratorate.pk,
        "agency": rect.bureau.pk,
        "subject_name": "古城村北汽车修理厂",
        "subject_kind": "business",
        "subject_address": "古城村北",
        "village": district.guchengcun.pk,
        "finding_1_category": rect.categories[0].pk,
        "finding_1_description": "废机油与其他物品混存",
        "finding_2_description": "无类别的问题",
    }
    page = client.post("/rectification/cases/new/", data)
    assert page.status_code == 200 and not Case.objects.exists()
    assert "Choose the finding" in page.content.decode() or "类别" in page.content.decode()
    data["finding_2_category"] = rect.categories[1].pk
    response = client.post("/rectification/cases/new/", data)
    case = Case.objects.get()
    assert response.url == f"/rectification/cases/{case.pk}/"
    assert case.findings.count() == 2


def test_an_officer_of_another_unit_gets_404_on_the_case_and_its_steps(
    people, open_seed_case, rect, clock
):
    case = open_seed_case()
    client = client_for(people.xwz_officer)
    assert client.get(f"/rectification/cases/{case.pk}/").status_code == 404
    assert (
        client.post(f"/rectification/cases/{case.pk}/step/", {"action": "issue"}).status_code == 404
    )
    assert Case.objects.get(pk=case.pk).assignment.state == "filed"


def test_the_case_list_pages_in_the_database_with_constant_queries(open_seed_case, rect, clock):
    client = client_for(rect.prosecutor)
    open_seed_case()
    with CaptureQueriesContext(connection) as few:
        assert client.get("/rectification/").status_code == 200
    for _ in range(4):
        open_seed_case()
    with CaptureQueriesContext(connection) as many:
        page = client.get("/rectification/")
    assert page.status_code == 200
    assert len(many) == len(few)


def test_the_dashboard_and_campaign_pages_render_the_figures(open_seed_case, rect, clock):
    close_case(open_seed_case(), rect)
    client = client_for(rect.prosecutor)
    dashboard = client.get(f"/rectification/dashboard/?campaign={rect.campaign.pk}")
    assert dashboard.status_code == 200
    assert 'data-figure="findings">3<' in dashboard.content.decode()
    assert client.get(f"/rectification/campaigns/{rect.campaign.pk}/").status_code == 200
    assert client.get("/rectification/campaigns/").status_code == 200


def test_anonymous_visitors_reach_exactly_the_public_notice_of_a_published_campaign(
    open_seed_case, rect, clock
):
    case = close_case(open_seed_case(), rect)
    rect.campaign.is_public = True
    rect.campaign.save()
    anonymous = Client()
    reachable = []
    for route in walker.url_patterns():
        if not route.startswith(("/rectification/", "/api/v1/rectification/")):
            continue
        for url in walker.fill(route, rect.campaign) + walker.fill(route, case):
            response = anonymous.get(url)
            if response.status_code == 200:
                reachable.append(url)
    assert sorted(set(reachable)) == [
        f"/api/v1/rectification/public/campaigns/{rect.campaign.pk}",
        f"/rectification/public/{rect.campaign.pk}/",
    ]
    page = anonymous.get(f"/rectification/public/{rect.campaign.pk}/").content.decode()
    assert case.number in page
    assert "13800001111" not in page and "王某" not in page and str(rect.inspector) not in page


def test_an_unpublished_notice_is_not_found(client, rect):
    assert client.get(f"/rectification/public/{rect.campaign.pk}/").status_code == 404


def test_only_the_district_office_publishes_the_notice_and_the_lead_unit_may_withdraw_it(
    people, open_seed_case, rect, clock
):
    open_seed_case()
    url = f"/rectification/campaigns/{rect.campaign.pk}/publish/"
    assert client_for(rect.inspector).post(url, {"is_public": "1"}).status_code == 403
    assert client_for(rect.prosecutor).post(url, {"is_public": "1"}).status_code == 403
    page = client_for(rect.prosecutor).get(rect.campaign.get_absolute_url()).content.decode()
    assert "publish/" not in page  # the button is not offered either
    rect.campaign.refresh_from_db()
    assert not rect.campaign.is_public
    client_for(people.office).post(url, {"is_public": "1"})
    rect.campaign.refresh_from_db()
    assert rect.campaign.is_public
    client_for(rect.prosecutor).post(url, {"is_public": "0"})
    rect.campaign.refresh_from_db()
    assert not rect.campaign.is_public


def test_overdue_cases_show_red_in_the_list(open_seed_case, rect, clock):
    walk_to(open_seed_case(), rect, clock, "ordered", order_deadline=datetime.date(2022, 3, 10))
    clock(datetime.date(2022, 3, 11))
    page = client_for(rect.prosecutor).get("/rectification/?overdue=true")
    assert "light-red" in page.content.decode()


def test_photos_before_and_after_show_on_the_case_page_and_after_photos_come_from_the_agency(
    open_seed_case, rect, clock
):
    case = walk_to(open_seed_case(), rect, clock, "rectifying")
    finding = case.findings.get(sequence=1)
    url = f"/rectification/findings/{finding.pk}/evidence/"
    client_for(rect.prosecutor).post(
        url, {"stage": "before", "caption": "混存现场", "file": walker.tiny_png()}
    )
    refused = client_for(rect.prosecutor).post(
        url, {"stage": "after", "caption": "x", "file": walker.tiny_png()}, follow=True
    )
    assert refused.status_code == 200
    client_for(rect.inspector).post(
        url, {"stage": "after", "caption": "单独存放", "file": walker.tiny_png()}
    )
    assert list(finding.evidence.values_list("stage", "caption")) == [
        ("after", "单独存放"),
        ("before", "混存现场"),
    ]
    page = client_for(rect.prosecutor).get(f"/rectification/cases/{case.pk}/").content.decode()
    assert page.count("/attachments/") >= 2 and "混存现场" in page


def test_the_case_page_makes_the_same_number_of_queries_for_more_findings(
    open_seed_case, rect, clock
):
    client = client_for(rect.inspector)
    small = walk_to(
        open_seed_case(findings=[{"category": rect.categories[0], "description": "a"}]),
        rect,
        clock,
        "rectifying",
    )
    big = walk_to(open_seed_case(), rect, clock, "rectifying")
    for case in (small, big):
        for finding in case.findings.all():
            findings.report_rectified(finding, by=rect.inspector, note="已整改")
    with CaptureQueriesContext(connection) as few:
        assert client.get(f"/rectification/cases/{small.pk}/").status_code == 200
    with CaptureQueriesContext(connection) as many:
        assert client.get(f"/rectification/cases/{big.pk}/").status_code == 200
    assert len(many) == len(few)


def test_the_case_page_speaks_chinese(open_seed_case, rect, clock, settings):
    case = walk_to(open_seed_case(), rect, clock, "ordered")
    client = client_for(rect.inspector)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    try:
        page = client.get(f"/rectification/cases/{case.pk}/").content.decode()
    finally:  # the middleware leaves the language active in this thread
        translation.activate(settings.LANGUAGE_CODE)
    for text in ("已责令整改", "开始整改", "书面回复", "整改时限", "调查核实"):
        assert text in page, text


def test_the_supervision_page_of_a_case_links_to_the_case_and_offers_no_steps(
    open_seed_case, rect, clock
):
    case = walk_to(open_seed_case(), rect, clock, "issued")
    page = client_for(rect.inspector).get(f"/supervision/{case.item.pk}/").content.decode()
    assert f'href="/rectification/cases/{case.pk}/"' in page
    assert 'name="action" value="accept"' not in page


def test_the_case_list_links_the_ledgers_export_of_its_filter_and_the_import_for_writers(
    open_seed_case, rect, clock, people
):
    open_seed_case()
    query = f"campaign={rect.campaign.pk}"
    page = client_for(rect.prosecutor).get(f"/rectification/?{query}").content.decode()
    assert f'href="/ledgers/rectification/export.xlsx?{query}"' in page
    assert 'href="/ledgers/rectification/import/"' in page
    assert 'href="/rectification/cases/new/"' in page


def test_a_leader_exports_the_ledger_but_is_offered_no_import_and_no_new_case(
    open_seed_case, rect, clock, people
):
    open_seed_case()
    client = client_for(people.leader)
    for url in ("/rectification/", "/rectification/campaigns/", "/rectification/dashboard/"):
        page = client.get(url).content.decode()
        assert 'href="/ledgers/rectification/export.xlsx' in page
        assert "/ledgers/rectification/import/" not in page
        assert "/rectification/cases/new/" not in page
    assert client.get("/ledgers/rectification/import/").status_code == 403


@pytest.mark.parametrize("path", ["/rectification/", "/rectification/campaigns/", "{case}"])
def test_the_case_lists_and_a_case_link_their_print_version_without_the_menu(
    open_seed_case, rect, clock, path
):
    case = open_seed_case()
    url = path.format(case=f"/rectification/cases/{case.pk}/")
    client = client_for(rect.prosecutor)
    assert "data-print" in client.get(url).content.decode()
    printed = client.get(url, {"print": "1"}).content.decode()
    assert case.number in printed or rect.campaign.name in printed
    assert 'class="print"' in printed and 'class="site' not in printed


def test_the_print_version_of_the_case_list_holds_every_case_of_its_filter(
    open_seed_case, rect, clock
):
    numbers = [open_seed_case(subject_name=f"修理厂{n}").number for n in range(55)]
    client = client_for(rect.prosecutor)
    screen = client.get("/rectification/").content.decode()
    assert sum(number in screen for number in numbers) == 50
    printed = client.get("/rectification/", {"print": "1"}).content.decode()
    assert all(number in printed for number in numbers)
