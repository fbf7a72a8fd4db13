import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from taizhang.intake import queries
from taizhang.intake.models import IntakeReport, SourceLink
from taizhang.projects.models import PublishedProjectStats
from tests.conftest import client_for
from tests.intake.helpers import STATS_TEXT, WORKS_TEXT, take_in

pytestmark = pytest.mark.django_db


def test_pasting_a_report_shows_its_drafts_beside_the_highlighted_sentence(people):
    client = client_for(people.admin)
    response = client.post("/intake/new/", {"text": STATS_TEXT})
    report = IntakeReport.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/intake/reports/{report.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert 'data-draft="project_stats"' in page
    assert "<mark>223个</mark>" in page
    assert 'name="f-count" value="223"' in page


def test_an_uploaded_gb18030_file_is_read(people):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("report.txt", STATS_TEXT.encode("gb18030"))
    response = client_for(people.admin).post("/intake/new/", {"file": upload})
    assert response.status_code == 302
    assert IntakeReport.objects.get().source_name == "report.txt"


def test_a_bad_file_is_refused_on_the_page_and_nothing_is_stored(people):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("report.xlsx", b"PK\x03\x04")
    response = client_for(people.admin).post("/intake/new/", {"file": upload})
    assert response.status_code == 200
    assert "only .txt, .docx and .pdf" in response.content.decode()
    assert not IntakeReport.objects.exists()


def test_confirming_a_draft_on_the_page_leads_to_the_record_and_its_source(people):
    client = client_for(people.admin)
    report = take_in(people.admin, STATS_TEXT)
    proposal = next(p for p, _l in queries.drafts_of(report) if p.kind == "project_stats")
    form = {f"f-{k}": "" if v is None else str(v) for k, v in proposal.data.items()}
    response = client.post(
        f"/intake/reports/{report.pk}/drafts/project_stats/{proposal.key}/confirm/", form
    )
    stats = PublishedProjectStats.objects.get()
    assert response["Location"] == f"/projects/published/{stats.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert stats.source_url.replace("&", "&amp;") in page
    source = client.get(stats.source_url).content.decode()
    assert '<mark id="source-span">' in source
    assert "809.68亿元" in source.split('<mark id="source-span">')[1].split("</mark>")[0]


def test_a_leader_reads_reports_but_may_not_take_them_in(people):
    take_in(people.admin, STATS_TEXT)
    client = client_for(people.leader)
    assert client.get("/intake/").status_code == 200
    assert client.get("/intake/new/").status_code == 403
    assert client.post("/intake/new/", {"text": STATS_TEXT}).status_code == 403


def test_an_officer_sees_only_their_subtree_and_cannot_confirm_elsewhere(people, district):
    taer_report = take_in(people.taer_officer, WORKS_TEXT)
    own = take_in(people.xwz_officer, WORKS_TEXT.replace("塔儿村", "西王庄村"))
    client = client_for(people.xwz_officer)
    listing = client.get("/intake/").content.decode()
    assert f"/intake/reports/{own.pk}/" in listing
    assert f"/intake/reports/{taer_report.pk}/" not in listing
    assert client.get(f"/intake/reports/{taer_report.pk}/").status_code == 404
    proposal = next(p for p, _l in queries.drafts_of(taer_report) if p.kind == "village_works")
    url = f"/intake/reports/{taer_report.pk}/drafts/village_works/{proposal.key}/confirm/"
    assert client.post(url, {"f-name": "x"}).status_code == 404
    assert not SourceLink.objects.exists()


def test_the_report_list_takes_the_same_number_of_queries_for_more_reports(people):
    client = client_for(people.admin)
    take_in(people.admin, STATS_TEXT)
    with CaptureQueriesContext(connection) as few:
        client.get("/intake/")
    for _ in range(5):
        take_in(people.admin, WORKS_TEXT)
    with CaptureQueriesContext(connection) as many:
        client.get("/intake/")
    assert len(many) == len(few)


def works_form(proposal, district):
    """The village works draft as the page posts it, filed for 塔儿村."""
    form = {
        "f-name": proposal.data["name"],
        "f-unit": str(district.taer.pk),
        "f-category": "infrastructure",
        "f-total_investment_wan": "30",
        "f-content": proposal.data["content"],
    }
    for index, row in enumerate(proposal.data["quantities"]):
        form.update({f"q-{index}-{k}": v for k, v in row.items()})
    return form


def test_records_from_reports_list_each_record_with_its_source_link(people, district):
    client = client_for(people.taer_officer)
    report = take_in(people.taer_officer, WORKS_TEXT)
    proposal = next(p for p, _l in queries.drafts_of(report) if p.kind == "village_works")
    response = client.post(
        f"/intake/reports/{report.pk}/drafts/village_works/{proposal.key}/confirm/",
        works_form(proposal, district),
    )
    assert response.status_code == 302
    link = SourceLink.objects.get()
    page = client.get("/intake/records/").content.decode()
    assert link.get_absolute_url().replace("&", "&amp;") in page
    assert link.record.get_absolute_url() in page
    assert (
        client_for(people.xwz_officer)
        .get("/intake/records/")
        .content.decode()
        .count("intake-source-link")
        == 0
    )


def test_records_from_reports_take_the_same_number_of_queries_for_more_records(people):
    from taizhang.intake import services

    client = client_for(people.admin)

    def confirm_one():
        report = take_in(people.admin, STATS_TEXT)
        proposal = next(p for p, _l in queries.drafts_of(report) if p.kind == "project_stats")
        services.confirm_draft(
            report, kind="project_stats", key=proposal.key, raw=proposal.data, by=people.admin
        )

    confirm_one()
    with CaptureQueriesContext(connection) as few:
        client.get("/intake/records/")
    for _ in range(4):
        confirm_one()
    with CaptureQueriesContext(connection) as many:
        client.get("/intake/records/")
    assert len(many) == len(few)


def test_a_confirmed_project_shows_its_source_report_on_its_page(people, district):
    client = client_for(people.taer_officer)
    report = take_in(people.taer_officer, WORKS_TEXT)
    proposal = next(p for p, _l in queries.drafts_of(report) if p.kind == "village_works")
    client.post(
        f"/intake/reports/{report.pk}/drafts/village_works/{proposal.key}/confirm/",
        works_form(proposal, district),
    )
    link = SourceLink.objects.get()
    page = client.get(link.record.get_absolute_url()).content.decode()
    assert 'id="sources"' in page
    assert link.get_absolute_url().replace("&", "&amp;") in page


def test_the_report_lists_link_their_print_version_without_the_menu(people):
    take_in(people.admin, STATS_TEXT)
    client = client_for(people.admin)
    for url in ("/intake/", "/intake/records/"):
        assert "data-print" in client.get(url).content.decode()
        printed = client.get(url, {"print": "1"})
        assert printed.status_code == 200
        html = printed.content.decode()
        assert 'class="print"' in html and 'class="site' not in html
    assert "print-header" in client.get("/intake/", {"print": "1"}).content.decode()


def test_the_report_page_shows_a_tables_rows_and_the_unit_its_caption_states(people):
    text = (
        "各村扶持资金下达\n\n本报记者 韩雪\n\n日前，各村扶持资金下达情况如下：\n\n"
        "单位：万元\n村名\t扶持资金\t受益户数\n西王庄村\t120\t86\n"
    )
    report = take_in(people.admin, text)
    page = client_for(people.admin).get(report.get_absolute_url()).content.decode()
    assert '<table class="striped intake-table"><caption>unit: 万元</caption>' in page
    assert "<td>西王庄村</td><td>120</td><td>86</td>" in page
