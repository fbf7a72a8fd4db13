"""The rectification case as a draft of report intake: proposed from a supervision report,
filed through the rectification service on confirming, linked to its source sentence."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from taizhang.core.models import AuditEntry
from taizhang.intake import queries, services
from taizhang.intake.drafts.registry import get_kind, initial_data
from taizhang.intake.models import SourceLink
from taizhang.rectification.intake_draft import RectificationCaseDraft
from taizhang.rectification.models import Case, Finding
from taizhang.rectification.services import campaigns
from tests.intake.conftest import SEED_PATH
from tests.intake.helpers import STATS_TEXT, WORKS_TEXT, take_in

pytestmark = pytest.mark.django_db

KIND = "rectification_case"
GAS_TEXT = (
    "燃气安全隐患排查见实效\n\n"
    "本报讯（记者 张三）为落实燃气安全专项整治行动，近日，区发改局联合小南头街道在检查中发现，"
    "塔儿村某餐馆存在燃气安全问题：一是未安装燃气泄漏报警装置；二是燃气软管老化；"
    "三是灭火器过期失效。检查组依据《城镇燃气管理条例》第四十一条，向市生态环境局发出督办通知，"
    "责令该餐馆限期整改。\n"
)
NO_CASE_TEXT = (
    "塔儿村举办文艺汇演\n\n"
    "本报讯（记者 李四）近日，塔儿村举办迎新春文艺汇演，村民们自编自演节目20多个，"
    "发现身边的美，现场气氛热烈。\n"
)


def case_drafts(report):
    return [p for p, _link in queries.drafts_of(report) if p.kind == KIND]


def shown(report, user):
    """The draft as the page shows it to `user`: its data with the campaign filled in."""
    (proposal,) = case_drafts(report)
    return proposal, initial_data(get_kind(KIND), proposal, user)


def confirm(report, proposal, raw, by):
    raw = {k: ("" if v is None else str(v)) for k, v in raw.items()}
    return services.confirm_draft(report, kind=KIND, key=proposal.key, raw=raw, by=by)


@pytest.fixture
def seed_report(rect):
    return take_in(rect.prosecutor, SEED_PATH.read_text(encoding="utf-8"))


def test_the_kind_is_registered_by_the_rectification_app():
    assert isinstance(get_kind(KIND), RectificationCaseDraft)


def test_the_seed_gives_one_case_draft_with_its_three_findings_and_units(
    seed_report, rect, district
):
    (proposal,) = case_drafts(seed_report)
    data = proposal.data
    assert data["findings"].splitlines() == [
        "混放废弃机油与其他物品",
        "未单独设有危险废物储存间",
        "未单独设有危险废物识别标志",
    ]
    assert (data["subject_name"], data["subject_address"], data["subject_kind"]) == (
        "某汽车修理部",
        "白登山街道古城村北",
        "business",
    )
    assert data["village"] == str(district.guchengcun.pk)
    assert data["found_by_unit"] == rect.procuratorate.pk
    assert data["agency"] == str(district.eco_bureau.pk)
    assert data["origin"] == "intake"
    assert data["legal_basis"] == "《中华人民共和国固体废物污染环境防治法》"
    assert "3项环境污染隐患" in proposal.sentence
    assert seed_report.text[proposal.start : proposal.end] == proposal.sentence
    assert [seed_report.text[s:e] for s, e in proposal.figures] == [
        "混放废弃机油与其他物品",
        "未单独设有危险废物储存间",
        "危险废物识别标志",  # the shared duty is not repeated in the text
    ]


def test_the_campaign_and_each_findings_category_are_preselected_by_their_words(seed_report, rect):
    other = campaigns.create_campaign(
        by=rect.prosecutor,
        name="燃气安全专项整治",
        plan_document="《燃气安全专项整治方案》",
        lead_unit=rect.procuratorate,
        participants=[],
        starts_on=datetime.date(2022, 2, 1),
        ends_on=datetime.date(2022, 12, 31),
        categories=[("燃气报警装置", "《城镇燃气管理条例》", "")],
    )
    _proposal, data = shown(seed_report, rect.prosecutor)
    assert data["campaign"] == str(rect.campaign.pk) != str(other.pk)
    assert data["findings"].splitlines() == [
        "危险废物混存｜混放废弃机油与其他物品",
        "无危险废物贮存间｜未单独设有危险废物储存间",
        "无危险废物标识｜未单独设有危险废物识别标志",
    ]
    kind = get_kind(KIND)
    offered = dict(
        next(f for f in kind.fields if f.name == "campaign").choices_for(rect.prosecutor)
    )
    assert set(offered) == {str(rect.campaign.pk), str(other.pk)}


def test_confirming_files_the_case_through_the_service_with_a_source_link(
    seed_report, rect, district
):
    proposal, data = shown(seed_report, rect.prosecutor)
    nothing_yet = (Case.objects.count(), Finding.objects.count(), SourceLink.objects.count())
    assert nothing_yet == (0, 0, 0)
    link = confirm(seed_report, proposal, data, rect.prosecutor)
    case = Case.objects.get()
    assert link.record == case
    assert (link.draft_kind, link.span_start, link.span_end) == (KIND, proposal.start, proposal.end)
    assert case.get_absolute_url() == reverse("rectification-case", args=[case.pk])
    assert (case.campaign, case.origin, case.found_by_unit, case.agency) == (
        rect.campaign,
        "intake",
        rect.procuratorate,
        district.eco_bureau,
    )
    assert (case.village, case.subdistrict) == (district.guchengcun, district.baidengshan)
    assert case.assignment.state == "filed"
    assert [(f.category.name, f.description, f.legal_basis) for f in case.findings.all()] == [
        (c.name, d, c.legal_basis)
        for c, d in zip(
            rect.categories,
            ["混放废弃机油与其他物品", "未单独设有危险废物储存间", "未单独设有危险废物识别标志"],
            strict=True,
        )
    ]
    assert AuditEntry.objects.filter(object_id=str(case.pk), action="create").exists()
    assert AuditEntry.objects.filter(object_id=str(link.pk), action="create").exists()
    assert queries.links_of_record(case, rect.prosecutor).get() == link
    with pytest.raises(ValidationError):
        confirm(seed_report, proposal, data, rect.prosecutor)  # only once
    assert Case.objects.count() == 1


@pytest.mark.parametrize("persona", ["leader", "auditor", "nobody"])
def test_a_user_who_may_not_file_cases_may_not_confirm(seed_report, rect, people, persona):
    proposal, data = shown(seed_report, rect.prosecutor)
    user = getattr(people, persona)
    assert not get_kind(KIND).may_confirm(user)
    with pytest.raises(PermissionDenied):
        confirm(seed_report, proposal, data, user)
    assert not Case.objects.exists() and not SourceLink.objects.exists()


def test_an_officer_may_not_file_for_a_unit_outside_their_own(seed_report, rect, people):
    proposal, data = shown(seed_report, rect.prosecutor)
    data["found_by_unit"] = rect.procuratorate.pk
    with pytest.raises((ValidationError, PermissionDenied)):
        confirm(seed_report, proposal, data, people.taer_officer)
    assert not Case.objects.exists() and not SourceLink.objects.exists()


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"findings": "混放废弃机油与其他物品"}, "findings", "no category"),
        ({"findings": "燃气报警｜混放废弃机油"}, "findings", "not a category"),
        ({"findings": ""}, "findings", "required"),
        ({"subject_name": "  "}, "subject_name", "required"),
        ({"village": "__district__"}, "village", "Choose one of the options"),
        ({"campaign": "__ended__"}, "campaign", "Choose one of the options"),
        ({"found_by_unit": "abc"}, "found_by_unit", "org unit"),
        ({"origin": "rumour"}, "origin", "Choose one of the options"),
    ],
)
def test_bad_edits_are_refused_naming_the_field_and_nothing_is_written(
    seed_report, rect, district, change, field, words
):
    ended = campaigns.create_campaign(
        by=rect.prosecutor,
        name="去年的危险废物专项整治",
        plan_document="《方案》",
        lead_unit=rect.procuratorate,
        participants=[],
        starts_on=datetime.date(2021, 1, 1),
        ends_on=datetime.date(2021, 12, 31),
        categories=[("危险废物混存", "《固废法》", "")],
    )
    proposal, data = shown(seed_report, rect.prosecutor)
    value = next(iter(change.values()))
    value = {"__district__": str(district.pingcheng.pk), "__ended__": str(ended.pk)}.get(
        value, value
    )
    data[field] = value
    with pytest.raises(ValidationError) as error:
        confirm(seed_report, proposal, data, rect.prosecutor)
    messages = error.value.message_dict
    assert field in messages
    assert words.lower() in " ".join(messages[field]).lower()
    assert not Case.objects.exists() and not Finding.objects.exists()
    assert not SourceLink.objects.exists()


def test_a_default_category_serves_the_findings_without_one(seed_report, rect):
    proposal, data = shown(seed_report, rect.prosecutor)
    data["findings"] = "混放废弃机油与其他物品\n无危险废物标识｜未设置危险废物识别标志"
    data["category"] = str(rect.categories[0].pk)
    confirm(seed_report, proposal, data, rect.prosecutor)
    assert [f.category for f in Finding.objects.order_by("sequence")] == [
        rect.categories[0],
        rect.categories[2],
    ]


def test_a_category_of_another_campaign_is_refused(seed_report, rect):
    other = campaigns.create_campaign(
        by=rect.prosecutor,
        name="燃气安全专项整治",
        plan_document="《燃气方案》",
        lead_unit=rect.procuratorate,
        participants=[],
        starts_on=datetime.date(2022, 2, 1),
        ends_on=datetime.date(2022, 12, 31),
        categories=[("燃气报警装置", "《城镇燃气管理条例》", "")],
    )
    proposal, data = shown(seed_report, rect.prosecutor)
    data["findings"] = "混放废弃机油与其他物品"
    data["category"] = str(other.categories.get().pk)
    with pytest.raises(ValidationError) as error:
        confirm(seed_report, proposal, data, rect.prosecutor)
    assert "category" in error.value.message_dict
    assert not Case.objects.exists()


def test_another_report_of_the_genre_gives_its_numbered_findings_and_units(rect, district):
    report = take_in(rect.prosecutor, GAS_TEXT)
    (proposal,) = case_drafts(report)
    assert proposal.data["findings"].splitlines() == [
        "未安装燃气泄漏报警装置",
        "燃气软管老化",
        "灭火器过期失效",
    ]
    assert proposal.data["found_by_unit"] == district.fagaiju.pk
    assert proposal.data["agency"] == str(district.eco_bureau.pk)
    assert proposal.data["village"] == str(district.taer.pk)
    assert proposal.data["subject_name"] == "某餐馆"
    assert proposal.data["legal_basis"] == "《城镇燃气管理条例》第四十一条"


@pytest.mark.parametrize("text", [NO_CASE_TEXT, STATS_TEXT, WORKS_TEXT])
def test_an_article_without_rectification_content_proposes_no_case(rect, text):
    report = take_in(rect.prosecutor, text)
    assert case_drafts(report) == []


def test_the_report_page_offers_the_draft_with_the_campaign_selected(seed_report, rect):
    from tests.conftest import client_for

    page = client_for(rect.prosecutor).get(seed_report.get_absolute_url())
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-draft="rectification_case"' in html
    assert f'<option value="{rect.campaign.pk}" selected>' in html
    assert "无危险废物标识｜未单独设有危险废物识别标志" in html


def test_confirming_on_the_page_files_the_case_and_links_back(seed_report, rect):
    from tests.conftest import client_for

    proposal, data = shown(seed_report, rect.prosecutor)
    post = {f"f-{k}": ("" if v is None else v) for k, v in data.items()}
    client = client_for(rect.prosecutor)
    response = client.post(
        reverse("intake-draft-confirm", args=[seed_report.pk, KIND, proposal.key]), post
    )
    assert response.status_code == 302
    case = Case.objects.get()
    assert SourceLink.objects.get().record == case
    page = client.get(seed_report.get_absolute_url()).content.decode()
    assert case.get_absolute_url() in page


LAUNCH_TEXT = (
    "全区启动危险废物专项整治\n\n"
    "本报讯（记者 王五）近日，区发改局召开危险废物专项整治动员会，要求各单位全面排查隐患，"
    "对问题早发现、早整改，督办落实到位。\n"
)


def test_a_campaign_launch_without_a_finding_proposes_no_case(rect):
    report = take_in(rect.prosecutor, LAUNCH_TEXT)
    assert case_drafts(report) == []


def test_the_api_gives_the_draft_preselected_and_confirms_it_with_a_source_link(seed_report, rect):
    from tests.conftest import client_for

    client = client_for(rect.prosecutor)
    drafts = client.get(f"/api/v1/intake/reports/{seed_report.pk}/drafts").json()
    (draft,) = [d for d in drafts if d["kind"] == KIND]
    assert draft["data"]["campaign"] == str(rect.campaign.pk)
    url = f"/api/v1/intake/reports/{seed_report.pk}/drafts/{KIND}/{draft['key']}/confirm"
    bad = client.post(
        url, {"data": {**draft["data"], "findings": "无此类别｜x"}}, content_type="application/json"
    )
    assert bad.status_code == 400 and "findings" in bad.content.decode()
    assert not Case.objects.exists()
    response = client.post(url, {"data": draft["data"]}, content_type="application/json")
    assert response.status_code == 201
    case = Case.objects.get()
    assert response.json()["draft_kind"] == KIND
    assert SourceLink.objects.get().record == case
    assert case.findings.count() == 3


def test_in_the_demo_the_seed_report_offers_the_case_for_the_demo_campaign():
    from taizhang.core.demo import load_demo_district
    from taizhang.core.models import Unit, User
    from taizhang.intake.demo import load_intake_demo
    from taizhang.intake.models import IntakeReport
    from taizhang.rectification import demo
    from taizhang.rectification.models import Campaign

    load_demo_district()
    admin = User.objects.get(username="admin")
    demo.load(admin)
    load_intake_demo(admin)
    report = IntakeReport.objects.get()
    prosecutor = User.objects.get(username="jianchayuan")
    proposal, data = shown(report, prosecutor)
    names = dict(Unit.objects.values_list("pk", "name"))
    assert names[data["found_by_unit"]] == "平城区人民检察院"
    assert names[int(data["agency"])] == "市生态环境局"
    assert names[int(data["village"])] == "古城村"
    assert data["campaign"] == str(Campaign.objects.get(name="危险废物专项整治").pk)
    assert len(data["findings"].splitlines()) == 3
    assert all("｜" in line for line in data["findings"].splitlines())
    cases = Case.objects.count()
    confirm(report, proposal, data, prosecutor)
    assert Case.objects.count() == cases + 1
