"""The household roster ledger ("people"): import through the shared machinery, each refusal
named by row and column with nothing written, dry runs, scope, the size limit, masked export."""

import datetime
import io
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from taizhang.core import imports, personal
from taizhang.core.ledgers import get_ledger
from taizhang.core.models import AuditEntry, ImportStatus
from taizhang.core.personal import PersonalKind
from taizhang.lib.excel import write_xlsx
from taizhang.lib.idcard import make_id_number
from taizhang.people.models import Group, GroupMembership, Household, HouseholdMember, Person
from tests.excel_files import read_rows, write_rows
from tests.factories import make_household, make_person

LEDGER = get_ledger("people")
HEADERS = [
    "户号",
    "户主姓名",
    "姓名",
    "与户主关系",
    "公民身份号码",
    "性别",
    "民族",
    "出生日期",
    "联系电话",
    "现住址",
    "所属村（社区）",
    "人员类别",
]
BORN = datetime.date(1960, 5, 17)
HEAD_ID = make_id_number("140213", BORN, 11)  # a man
WIFE_ID = make_id_number("140213", datetime.date(1962, 3, 1), 22)
SON_ID = make_id_number("140213", datetime.date(1988, 8, 8), 33)


def row(
    household="001",
    head="王大山",
    name="王大山",
    relation="户主",
    number=HEAD_ID,
    sex="男",
    born="1960-05-17",
    unit="西王庄村",
    groups="",
    phone="13912345678",
):
    return [
        household,
        head,
        name,
        relation,
        number,
        sex,
        "汉族",
        born,
        phone,
        "西王庄村1号",
        unit,
        groups,
    ]


def family():
    return [
        row(),
        row(
            name="李小花",
            relation="妻",
            number=WIFE_ID,
            sex="女",
            born="1962-03-01",
            groups="低保户、五保户",
        ),
        row(name="王小山", relation="长子", number=SON_ID, born="1988-08-08", groups="残疾人"),
    ]


def run(path: Path, user, *, dry_run: bool = False):
    with path.open("rb") as upload:
        job = imports.create_job(
            ledger=LEDGER, by=user, upload=upload, file_name=path.name, dry_run=dry_run
        )
    return imports.run_job(job)


def sheet(tmp_path: Path, rows, headers=HEADERS, title=None) -> Path:
    return write_rows(tmp_path / "roster.xlsx", [*([title] if title else []), headers, *rows])


def state():
    return (
        Person.objects.count(),
        Household.objects.count(),
        HouseholdMember.objects.count(),
        GroupMembership.objects.count(),
        AuditEntry.objects.count(),
    )


def errors_of(job):
    return {(error["row"], error["column"]): error["message"] for error in job.errors}


@pytest.mark.django_db
class TestImport:
    def test_a_roster_registers_people_their_household_and_groups(self, district, people, tmp_path):
        job = run(sheet(tmp_path, family()), people.xwz_officer)
        assert job.status == ImportStatus.SUCCEEDED, job.errors
        assert job.created_count == 3
        household = Household.objects.get(unit=district.xiwangzhuang, number="001")
        relations = dict(household.members.values_list("person__name", "relation"))
        assert relations == {"王大山": "head", "李小花": "spouse", "王小山": "child"}
        wife = Person.objects.get(id_number=WIFE_ID)
        assert (wife.sex, wife.birth_date, wife.id_last4) == (
            "female",
            datetime.date(1962, 3, 1),
            WIFE_ID[-4:],
        )
        groups = set(wife.memberships.values_list("group__code", "started_on"))
        assert {code for code, _day in groups} == {"dibao", "tekun"}
        assert wife.memberships.first().added_by == people.xwz_officer
        # one audit row per person, household, member and group membership
        assert AuditEntry.objects.count() == 3 + 1 + 3 + 3

    def test_title_rows_synonyms_and_full_width_text_are_accepted(self, district, people, tmp_path):
        headers = [
            "户号",
            "户主姓名",
            "姓名",
            "与户主的关系",
            "身份证号码",
            "性别",
            "民族",
            "出生日期",
            "手机号",
            "住址",
            "所属村",
            "人员类别",
        ]
        wide_id = HEAD_ID.translate(str.maketrans("0123456789X", "０１２３４５６７８９ｘ"))
        rows = [row(number=wide_id, household="００１", phone="１３９１２３４５６７８")]
        path = write_rows(
            tmp_path / "roster.xlsx", [["西王庄村人口花名册"], ["填报：2026年12月"], headers, *rows]
        )
        job = run(path, people.xwz_officer)
        assert job.status == ImportStatus.SUCCEEDED, job.errors
        person = Person.objects.get()
        assert (person.id_number, person.phone) == (HEAD_ID, "13912345678")
        assert person.household_membership.household.number == "001"

    def test_a_dry_run_writes_nothing(self, district, people, tmp_path):
        before = state()
        job = run(sheet(tmp_path, family()), people.xwz_officer, dry_run=True)
        assert job.status == ImportStatus.SUCCEEDED, job.errors
        assert "3 new" in job.message
        assert state() == before

    def test_a_person_without_an_id_number_gives_another_document(self, district, people, tmp_path):
        headers = [*HEADERS, "证件类型"]
        rows = [[*row(number="出生证 R123456", born="2026-01-02"), "出生医学证明"]]
        job = run(sheet(tmp_path, rows, headers), people.xwz_officer)
        assert job.status == ImportStatus.SUCCEEDED, job.errors
        person = Person.objects.get()
        assert (person.id_number, person.document_type) == ("", "birth_certificate")
        assert person.birth_date == datetime.date(2026, 1, 2)

    def test_joining_an_existing_household(self, district, people, tmp_path):
        head = make_person(district.xiwangzhuang, "王大山")
        make_household(district.xiwangzhuang, "001", head)
        rows = [row(name="王小山", relation="子", number=SON_ID, born="1988-08-08")]
        job = run(sheet(tmp_path, rows), people.xwz_officer)
        assert job.status == ImportStatus.SUCCEEDED, job.errors
        assert Household.objects.count() == 1
        assert Household.objects.get().members.count() == 2


@pytest.mark.django_db
class TestRefusals:
    """Every refusal names its row and column, and nothing is written."""

    def refused(self, tmp_path, rows, user, headers=HEADERS):
        before = state()
        job = run(sheet(tmp_path, rows, headers), user)
        assert job.status == ImportStatus.FAILED
        assert state() == before
        return errors_of(job)

    def test_a_wrong_check_character(self, district, people, tmp_path):
        wrong = HEAD_ID[:17] + ("0" if HEAD_ID[17] != "0" else "1")
        errors = self.refused(
            tmp_path, [*family(), row(household="002", number=wrong)], people.xwz_officer
        )
        assert list(errors) == [(5, "公民身份号码")]
        assert "check character" in errors[(5, "公民身份号码")]

    def test_an_impossible_birth_date(self, district, people, tmp_path):
        bad = "14021319600231" + "0111"
        errors = self.refused(tmp_path, [row(number=bad)], people.xwz_officer)
        assert "does not exist" in errors[(2, "公民身份号码")]

    def test_sex_and_birth_date_contradicting_the_id(self, district, people, tmp_path):
        errors = self.refused(tmp_path, [row(sex="女", born="1961-01-01")], people.xwz_officer)
        assert "The ID number says" in errors[(2, "性别")]
        assert "1960-05-17" in errors[(2, "出生日期")]

    def test_a_duplicate_in_the_file_names_the_other_row(self, district, people, tmp_path):
        rows = [row(), row(household="002", name="王大山二", number=HEAD_ID)]
        errors = self.refused(tmp_path, rows, people.xwz_officer)
        assert errors[(3, "公民身份号码")] == "The same person is already on row 2 of this file."

    def test_a_duplicate_in_the_registry_says_where_if_the_user_may_see_it(
        self, district, people, tmp_path
    ):
        existing = make_person(district.taer, "王大山", id_number=HEAD_ID)
        errors = self.refused(tmp_path, [row()], people.xwz_officer)
        assert "outside yours" in errors[(2, "公民身份号码")]
        assert existing.get_absolute_url() not in errors[(2, "公民身份号码")]
        errors = self.refused(tmp_path, [row(unit="塔儿村")], people.subdistrict_officer)
        assert "塔儿村" in errors[(2, "公民身份号码")]
        assert existing.get_absolute_url() in errors[(2, "公民身份号码")]

    def test_an_unknown_unit_or_one_outside_the_users_subtree(self, district, people, tmp_path):
        errors = self.refused(
            tmp_path,
            [
                row(unit="不存在村"),
                row(household="002", number=SON_ID, born="1988-08-08", unit="塔儿村"),
            ],
            people.xwz_officer,
        )
        assert "No org unit" in errors[(2, "所属村（社区）")]
        assert "You may not register residents of 塔儿村" in errors[(3, "所属村（社区）")]

    def test_a_unit_that_is_no_village(self, district, people, tmp_path):
        errors = self.refused(tmp_path, [row(unit="小南头街道")], people.admin)
        assert "village or a community" in errors[(2, "所属村（社区）")]

    def test_an_unknown_group(self, district, people, tmp_path):
        errors = self.refused(tmp_path, [row(groups="低保户、火星人")], people.xwz_officer)
        assert errors[(2, "人员类别")] == "No group “火星人”."

    def test_a_retired_group(self, district, people, tmp_path):
        Group.objects.filter(code="dibao").update(is_active=False)
        errors = self.refused(tmp_path, [row(groups="低保")], people.xwz_officer)
        assert "no longer used" in errors[(2, "人员类别")]

    def test_a_household_with_two_heads(self, district, people, tmp_path):
        rows = [row(), row(head="王小山", name="王小山", number=SON_ID, born="1988-08-08")]
        errors = self.refused(tmp_path, rows, people.xwz_officer)
        assert errors[(3, "与户主关系")] == "Household 001 already has a head: row 2 (王大山)."

    def test_a_head_in_the_registry_counts(self, district, people, tmp_path):
        make_household(district.xiwangzhuang, "001", make_person(district.xiwangzhuang, "王老汉"))
        errors = self.refused(tmp_path, [row()], people.xwz_officer)
        assert "王老汉, in the registry" in errors[(2, "与户主关系")]

    def test_a_head_name_not_matching_the_head_row(self, district, people, tmp_path):
        rows = [
            row(
                name="李小花",
                head="王大山",
                relation="妻",
                number=WIFE_ID,
                sex="女",
                born="1962-03-01",
            ),
            row(head="王大山", name="王大仙"),
        ]
        errors = self.refused(tmp_path, rows, people.xwz_officer)
        assert errors[(3, "户主姓名")] == "This row is the head, 王大仙."
        rows = [
            row(),
            row(head="张三", name="王小山", relation="子", number=SON_ID, born="1988-08-08"),
        ]
        errors = self.refused(tmp_path, rows, people.xwz_officer)
        assert errors[(3, "户主姓名")] == "The head of household 001 is 王大山."

    def test_a_household_number_without_a_relation(self, district, people, tmp_path):
        errors = self.refused(tmp_path, [row(relation=None)], people.xwz_officer)
        assert errors[(2, "与户主关系")] == "Give the relation to the head of the household."

    def test_an_unknown_relation_is_refused(self, district, people, tmp_path):
        errors = self.refused(tmp_path, [row(relation="邻居")], people.xwz_officer)
        assert "is not a relation to the head" in errors[(2, "与户主关系")]

    def test_a_masked_number_from_an_export(self, district, people, tmp_path):
        errors = self.refused(tmp_path, [row(number="140213********0011")], people.xwz_officer)
        assert "masked" in errors[(2, "公民身份号码")]

    def test_a_village_officer_may_not_import_another_villages_rows(
        self, district, people, tmp_path
    ):
        errors = self.refused(
            tmp_path,
            [
                *family(),
                row(
                    household="009",
                    head="外村人",
                    name="外村人",
                    number=make_id_number("140213", BORN, 55),
                    unit="古城村",
                ),
            ],
            people.xwz_officer,
        )
        assert list(errors) == [(5, "所属村（社区）")]


@pytest.mark.django_db
def test_a_sheet_past_the_row_limit_is_refused_at_upload(district, people, tmp_path, settings):
    settings.TAIZHANG_IMPORT_MAX_ROWS = 3
    path = sheet(tmp_path, [*family(), row(household="002")])
    with pytest.raises(ValidationError) as refused, path.open("rb") as upload:
        imports.create_job(
            ledger=LEDGER, by=people.xwz_officer, upload=upload, file_name="r.xlsx", dry_run=True
        )
    assert "The sheet has 5 rows; one import may have at most 3" in refused.value.messages[0]


def test_the_row_count_comes_from_the_sheet_without_a_dimension(tmp_path):
    """A sheet written without <dimension> (streaming writers) is counted by its rows."""
    from taizhang.lib.excel import sheet_rows

    path = tmp_path / "stream.xlsx"
    write_xlsx(path, ["a"], [[index] for index in range(7)])
    assert sheet_rows(path) == 8


@pytest.mark.django_db
def test_the_export_masks_personal_data_and_keeps_to_the_users_scope(district, people, tmp_path):
    run(sheet(tmp_path, family()), people.xwz_officer)
    make_person(district.taer, "塔儿村人")
    queryset, errors = LEDGER.filtered_queryset(people.leader, {})
    assert not errors
    rows = list(LEDGER.export_rows(queryset, people.leader))
    assert len(rows) == 4
    by_name = {values[2]: values for values in rows}
    head = by_name["王大山"]
    assert head[:4] == ["001", "王大山", "王大山", "户主"]
    assert head[4] == personal.mask(PersonalKind.ID_NUMBER, HEAD_ID)
    assert head[4].startswith(HEAD_ID[:4]) and head[4].endswith(HEAD_ID[-4:]) and "**" in head[4]
    assert head[9] == "139****5678"
    assert by_name["李小花"][12] == "低保户、特困供养"
    scoped, _errors = LEDGER.filtered_queryset(people.taer_officer, {})
    assert [values[2] for values in LEDGER.export_rows(scoped, people.taer_officer)] == ["塔儿村人"]
    buffer = io.BytesIO()
    write_xlsx(buffer, LEDGER.headers(), rows)
    buffer.seek(0)
    assert HEAD_ID not in str(read_rows(buffer))


@pytest.mark.django_db
def test_a_person_registered_by_someone_else_during_the_import_undoes_it_all(
    district, people, tmp_path, monkeypatch
):
    """The check saw no holder of the number, but one exists when the batch is written (another
    clerk was quicker): the database's unique constraint refuses it and nothing stays."""
    make_person(district.xiwangzhuang, "王小山", id_number=SON_ID)
    monkeypatch.setattr(type(LEDGER), "_holders", staticmethod(lambda ids, documents: {}))
    before = state()
    job = run(sheet(tmp_path, family()), people.xwz_officer)
    assert job.status == ImportStatus.FAILED
    assert "registered by someone else during the import" in job.errors[0]["message"]
    assert job.errors[0]["column"] == "公民身份号码"
    assert state()[:4] == before[:4]
