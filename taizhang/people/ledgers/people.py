"""The household roster (人口花名册, ledger "people"): one row per resident, in the layout
villages keep — 户号, 户主姓名, 姓名, 与户主关系, 公民身份号码, 性别, 民族, 出生日期, 联系电话,
现住址, 所属村（社区）, 人员类别 — with title rows above the header, the usual other names of
the headers (身份证号, 手机号 …) and full-width text allowed.

A row registers a person through the checks of the form (persons.clean_person: the ID number per
GB 11643, sex and birth date agreeing with it, the model's rules), opens the household of its
户号 in its village or joins it if it exists, and adds the person to the groups of 人员类别 from
the import day (or 类别起始日期). A bad row is named with its column and reason; all or nothing.

The import only REGISTERS new people (create-only): a row whose ID number or document is already
registered is refused with where that person is (duplicate_message). An export masks ID numbers
and phones, so its rows could not be matched back to people; a masked number is refused with a
message saying so, and people are changed on their page. Each batch of rows is checked against
the registry in one query and written in bulk (services/roster.py).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import OuterRef, QuerySet, Subquery
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from taizhang.core.access import can_write, writes_for
from taizhang.core.ledgers import (
    CellError,
    Column,
    HeaderMap,
    ImportContext,
    Ledger,
    RowWriteError,
    WriteResult,
)
from taizhang.core.models import Unit, User
from taizhang.lib import clock
from taizhang.lib.excel import normalise_header
from taizhang.people.filters import PersonFilter
from taizhang.people.models import (
    DocumentType,
    Group,
    GroupMembership,
    HouseholdMember,
    Person,
    Relation,
    Sex,
)
from taizhang.people.services import roster
from taizhang.people.services.identity import duplicate_message
from taizhang.people.services.persons import clean_person

HOUSEHOLD, HEAD, NAME, RELATION, ID_NUMBER = (
    "户号",
    "户主姓名",
    "姓名",
    "与户主关系",
    "公民身份号码",
)
DOCUMENT, SEX, BIRTH, UNIT, GROUPS = "证件类型", "性别", "出生日期", "所属村（社区）", "人员类别"
BATCH = 1000  # rows checked against the registry in one query and written in one bulk insert

# Other names of the headers in the villages' sheets.
SYNONYMS = {
    ID_NUMBER: ("身份证号", "身份证号码", "证件号码", "身份证", "公民身份证号码", "身份号码"),
    "联系电话": ("手机号", "手机号码", "电话", "联系方式", "电话号码"),
    "现住址": ("住址", "地址", "家庭住址", "现居住地址", "居住地址"),
    UNIT: ("所属村", "所属社区", "村（社区）", "所在村（社区）", "村居", "所属村居", "村"),
    GROUPS: ("人员类型", "类别", "人员分类"),
    RELATION: ("与户主的关系", "关系"),
    HEAD: ("户主", "户主名"),
    "备注": ("说明",),
}
_HEADER_OF = {
    normalise_header(other): header for header, others in SYNONYMS.items() for other in others
}

# What 与户主关系 may say (GB/T 4761's words and the usual short ones), by relation.
RELATION_WORDS = {
    Relation.HEAD: "户主 本人",
    Relation.SPOUSE: "配偶 妻 妻子 夫 丈夫 之妻 之夫",
    Relation.CHILD: "子女 子 女 儿子 女儿 长子 次子 三子 四子 五子 长女 次女 三女 四女 五女 "
    "独生子 独生女 养子 养女 继子 继女 其他儿子 其他女儿",
    Relation.PARENT: "父母 父 母 父亲 母亲 公公 婆婆 岳父 岳母 继父 继母 养父 养母",
    Relation.CHILD_IN_LAW: "儿媳或女婿 儿媳 女婿 媳妇 长媳 次媳 子女的配偶",
    Relation.GRANDCHILD: "孙子女 孙子 孙女 外孙 外孙子 外孙女 外孙子女",
    Relation.GRANDPARENT: "祖父母 祖父 祖母 外祖父 外祖母 爷爷 奶奶 姥爷 姥姥",
    Relation.SIBLING: "兄弟姐妹 兄 弟 姐 妹 哥哥 弟弟 姐姐 妹妹",
    Relation.OTHER: "其他 其他亲属 侄子 侄女 外甥 外甥女 孙媳妇 孙女婿 曾孙子 曾孙女 兄弟媳 嫂子 "
    "姐夫 妹夫 伯父 叔父 姑母 舅父 姨母",
}
RELATION_OF = {
    word: relation for relation, words in RELATION_WORDS.items() for word in words.split()
}
RELATION_LABELS = {relation: words.split()[0] for relation, words in RELATION_WORDS.items()}
SEX_CHOICES = ((Sex.MALE.value, "男"), (Sex.FEMALE.value, "女"))
DOCUMENT_CHOICES = (
    (DocumentType.ID_CARD.value, "居民身份证"),
    (DocumentType.BIRTH_CERTIFICATE.value, "出生医学证明"),
    (DocumentType.HOUSEHOLD_BOOKLET.value, "户口簿"),
    (DocumentType.HK_MACAO_PERMIT.value, "港澳居民来往内地通行证"),
    (DocumentType.TAIWAN_PERMIT.value, "台湾居民来往大陆通行证"),
    (DocumentType.FOREIGN_PERMANENT_RESIDENT.value, "外国人永久居留身份证"),
    (DocumentType.PASSPORT.value, "护照"),
    (DocumentType.OTHER.value, "其他证件"),
)
_SEPARATORS = re.compile(r"[、,，;；\s]+")
PERSON_FIELDS = ("name", "ethnicity", "phone", "address", "notes", "sex", "birth_date")


@dataclass
class _Household:
    """What the file and the registry say of one household so far, while checking."""

    head: tuple[str, int | None] | None = None  # name, row (None: in the registry)
    named: tuple[str, int] | None = None  # the 户主姓名 of an earlier row, and its row


class PeopleLedger(Ledger):
    name = "people"
    title = gettext_lazy("Household roster")
    model = Person
    filterset_class = PersonFilter
    key_column = "name"
    undoable = True  # creates only: undone from their audit rows on SQLite
    check_batch_size = BATCH
    columns = (
        Column(
            HOUSEHOLD,
            "household",
            max_length=32,
            help=gettext_lazy("Opens the household in the village, or joins it if it exists."),
        ),
        Column(HEAD, "head_name", max_length=50, help=gettext_lazy("Must be the head's name.")),
        Column(NAME, "name", required=True, max_length=50),
        Column(RELATION, "relation", width=10, help=gettext_lazy("户主, 配偶, 长子, 次女, 父 …")),
        Column(
            ID_NUMBER,
            "id_number",
            required=True,
            max_length=40,
            width=22,
            help=gettext_lazy("18 characters; the document's number when 证件类型 is another."),
        ),
        Column(
            DOCUMENT,
            "document_type",
            "choice",
            choices=DOCUMENT_CHOICES,
            help=gettext_lazy("Only for a person without a citizen ID number."),
        ),
        Column(SEX, "sex", "choice", choices=SEX_CHOICES, width=6),
        Column("民族", "ethnicity", max_length=20, width=8),
        Column(BIRTH, "birth_date", "date", width=12),
        Column("联系电话", "phone", max_length=30),
        Column("现住址", "address", max_length=200, width=30),
        Column(UNIT, "unit", "unit", required=True),
        Column(
            GROUPS,
            "groups",
            width=20,
            help=gettext_lazy("Group names separated by 、 or a comma, e.g. 低保户、残疾人."),
        ),
        Column(
            "类别起始日期",
            "groups_since",
            "date",
            width=12,
            help=gettext_lazy("When the groups' memberships start; the import day if empty."),
        ),
        Column("备注", "notes", width=30),
    )

    def can_import(self, user: Any) -> bool:
        return can_write(user)

    def queryset_for(self, user: Any) -> QuerySet:
        return Person.objects.for_user(user)

    # Export ---------------------------------------------------------------------------------

    def export_queryset(self, queryset: QuerySet) -> QuerySet:
        head = HouseholdMember.objects.filter(
            household=OuterRef("household_membership__household"), relation=Relation.HEAD
        ).values("person__name")[:1]
        return queryset.select_related("unit", "household_membership__household").annotate(
            head_name=Subquery(head)
        )

    def export_rows(self, queryset: QuerySet, user: Any = None) -> Iterator[list[Any]]:
        """Rows with the groups each person is in today (read once per export)."""
        self._groups: dict[int, list[str]] = {}
        memberships = GroupMembership.objects.current().filter(person__in=queryset.values("pk"))
        for person_id, group in memberships.values_list("person_id", "group__name").order_by(
            "group__name"
        ):
            self._groups.setdefault(person_id, []).append(group)
        yield from super().export_rows(queryset, user)

    def value_of(self, obj: Any, column: Column) -> Any:
        membership = getattr(obj, "household_membership", None) if column.field in (
            "household", "relation") else None  # fmt: skip
        if column.field == "household":
            return membership.household.number if membership else ""
        if column.field == "relation":
            return RELATION_LABELS.get(membership.relation, "") if membership else ""
        if column.field == "head_name":
            return getattr(obj, "head_name", None) or ""
        if column.field == "id_number":
            return obj.id_number or obj.document_number
        if column.field == "document_type":
            return "" if obj.id_number else obj.document_type
        if column.field == "unit":
            return obj.unit.name
        if column.field == "groups":
            return "、".join(getattr(self, "_groups", {}).get(obj.pk, []))
        if column.field == "groups_since":
            return None
        return super().value_of(obj, column)

    # Import ---------------------------------------------------------------------------------

    def map_headers(self, headers: Sequence[Any]) -> HeaderMap:
        """The villages' other names of the headers count as the ledger's own."""
        return super().map_headers(
            [_HEADER_OF.get(normalise_header(header), header) for header in headers]
        )

    def parse_cell(self, column: Column, value: Any, context: ImportContext) -> Any:
        if isinstance(value, str):
            value = unicodedata.normalize("NFKC", value)  # full-width digits, letters, brackets
        if column.field == "relation":
            text = re.sub(r"\s", "", str(value))
            if text not in RELATION_OF:
                words = "、".join(RELATION_LABELS.values())
                raise ValueError(
                    _("“%(value)s” is not a relation to the head this roster knows; write one "
                      "of: %(words)s.") % {"value": text, "words": words}
                )  # fmt: skip
            return RELATION_OF[text]
        if column.field == "groups":
            names = dict.fromkeys(name for name in _SEPARATORS.split(str(value)) if name)
            return [self._group(name, context) for name in names]
        if column.field == "id_number" and isinstance(value, float | int):
            value = format(value, ".0f")  # a number cell: Excel keeps only 15 digits anyway
        return super().parse_cell(column, value, context)

    @staticmethod
    def _group(name: str, context: ImportContext) -> Group:
        groups = context.memo.get("groups")
        if groups is None:
            groups = {}
            for each in Group.objects.all():
                for alias in _SEPARATORS.split(each.aliases):
                    if alias:
                        groups.setdefault(alias, each)
                groups[each.name] = each
            context.memo["groups"] = groups
        group: Group | None = groups.get(name)
        if group is None:
            raise ValueError(_("No group “%(name)s”.") % {"name": name})
        if not group.is_active:
            raise ValueError(_("The group %(name)s is no longer used.") % {"name": group.name})
        return group

    def check_rows(
        self, rows: Sequence[tuple[int, dict[str, Any]]], context: ImportContext
    ) -> list[tuple[str, list[CellError]]]:
        """Each row's own checks, then the batch's ID numbers and documents against the
        registry in one query each."""
        results = []
        for number, data in rows:
            context.row = number
            results.append(self.check_row(data, context))
        people = [data["_person"] for _n, data in rows if data.get("_person") is not None]
        ids = {person.id_number for person in people if person.id_number}
        documents = {
            (person.document_type, person.document_number)
            for person in people
            if person.document_number
        }
        holders = self._holders(ids, documents)
        for (_number, data), (_action, errors) in zip(rows, results, strict=True):
            person = data.get("_person")
            if person is None:
                continue
            existing = holders.get(
                person.id_number or (person.document_type, person.document_number)
            )
            if existing is not None:
                errors.append(CellError(ID_NUMBER, duplicate_message(existing, context.user)))
        return results

    @staticmethod
    def _holders(ids: set[str], documents: set[tuple[str, str]]) -> dict[Any, Person]:
        found: dict[Any, Person] = {}
        people = Person.objects.select_related("unit")
        if ids:
            found.update({person.id_number: person for person in people.filter(id_number__in=ids)})
        for document_type in {kind for kind, _n in documents}:
            numbers = [number for kind, number in documents if kind == document_type]
            for person in people.filter(document_type=document_type, document_number__in=numbers):
                found[(person.document_type, person.document_number)] = person
        return found

    def check_row(
        self, data: dict[str, Any], context: ImportContext
    ) -> tuple[str, list[CellError]]:
        errors: list[CellError] = []
        unit = data.get("unit")
        if isinstance(unit, Unit) and not self._may_write(unit, context):
            errors.append(
                CellError(
                    UNIT, _("You may not register residents of %(unit)s.") % {"unit": unit.name}
                )
            )
        person, person_errors = self._person(data)
        errors += person_errors
        if person is not None:
            errors += self._in_file(person, context)
        errors += self._household(data, context)
        if person is not None:
            data["_person"] = person
        return "create", errors

    @staticmethod
    def _may_write(unit: Unit, context: ImportContext) -> bool:
        allowed = context.memo.setdefault("may_write", {})
        if unit.pk not in allowed:
            allowed[unit.pk] = writes_for(context.user, unit)
        return allowed[unit.pk]

    def _person(self, data: dict[str, Any]) -> tuple[Person | None, list[CellError]]:
        """The row's person, checked as the form checks it (persons.clean_person)."""
        number = data.get("id_number") or ""
        if "*" in number:
            return None, [
                CellError(
                    ID_NUMBER,
                    _(
                        "This number is masked (from an export). The roster import only "
                        "registers new people: give the full number, or change the existing "
                        "person on their page."
                    ),
                )
            ]
        document_type = data.get("document_type") or DocumentType.ID_CARD
        other_document = document_type != DocumentType.ID_CARD
        fields = {name: data[name] for name in PERSON_FIELDS if data.get(name) is not None}
        person = Person(
            **fields,
            unit=data.get("unit") if isinstance(data.get("unit"), Unit) else None,
            id_number="" if other_document else number,
            document_type=document_type,
            document_number=number if other_document else "",
        )
        try:
            clean_person(person, unit_exists=True)
        except ValidationError as error:
            fields_given = {column.field for column in self.columns}
            messages = {
                ("id_number" if name == "document_number" else name): texts
                for name, texts in error.message_dict.items()
                if name in data or name not in fields_given
            }
            return None, self.cell_errors(messages)
        return person, []

    @staticmethod
    def _in_file(person: Person, context: ImportContext) -> list[CellError]:
        seen = context.memo.setdefault("identities", {})
        key = person.id_number or (person.document_type, person.document_number)
        if key in seen:
            return [
                CellError(
                    ID_NUMBER,
                    _("The same person is already on row %(row)d of this file.")
                    % {"row": seen[key]},
                )
            ]
        seen[key] = context.row
        return []

    def _household(self, data: dict[str, Any], context: ImportContext) -> list[CellError]:
        """户号, 与户主关系 and 户主姓名: one head per household, the head's name where given."""
        number, relation, unit = data.get("household"), data.get("relation"), data.get("unit")
        if not number:
            if relation or data.get("head_name"):
                return [CellError(HOUSEHOLD, _("Give the household number (户号)."))]
            return []
        if not relation:
            if "relation" in data or "relation" not in context.present:  # empty, or no column
                return [CellError(RELATION, _("Give the relation to the head of the household."))]
            return []  # the cell failed to parse: reported in its column
        if not isinstance(unit, Unit):
            return []  # reported in its column
        household = self._state(unit, number, context)
        name, head_name, row = data.get("name") or "", data.get("head_name") or "", context.row
        if relation == Relation.HEAD:
            if household.head is not None:
                where = (
                    _("row %(row)d (%(name)s)")
                    % {"row": household.head[1], "name": household.head[0]}
                    if household.head[1] is not None
                    else _("%(name)s, in the registry") % {"name": household.head[0]}
                )
                return [
                    CellError(
                        RELATION,
                        _("Household %(number)s already has a head: %(where)s.")
                        % {"number": number, "where": where},
                    )
                ]
            household.head = (name, row)
            if head_name and head_name != name:
                return [CellError(HEAD, _("This row is the head, %(name)s.") % {"name": name})]
            if household.named and household.named[0] != name:
                return [
                    CellError(
                        HEAD,
                        _("Row %(row)d names the head %(named)s, but this row, the head, is "
                          "%(name)s.") % {"row": household.named[1], "named": household.named[0],
                                          "name": name},
                    )
                ]  # fmt: skip
            return []
        if not head_name:
            return []
        if household.head is not None and household.head[0] != head_name:
            return [
                CellError(
                    HEAD,
                    _("The head of household %(number)s is %(name)s.")
                    % {"number": number, "name": household.head[0]},
                )
            ]
        if household.named is None:
            household.named = (head_name, row)
        elif household.named[0] != head_name:
            return [
                CellError(
                    HEAD,
                    _("Row %(row)d names the head %(name)s.")
                    % {"row": household.named[1], "name": household.named[0]},
                )
            ]
        return []

    @staticmethod
    def _state(unit: Unit, number: str, context: ImportContext) -> _Household:
        """The household's state, with the registry's households of the unit read once."""
        households = context.memo.setdefault("households", {})
        loaded = context.memo.setdefault("household_units", set())
        if unit.pk not in loaded:
            loaded.add(unit.pk)
            for existing in unit.households.values_list("number", flat=True):
                households[(unit.pk, existing)] = _Household()
            heads = HouseholdMember.objects.filter(household__unit=unit, relation=Relation.HEAD)
            for existing, head in heads.values_list("household__number", "person__name"):
                households[(unit.pk, existing)].head = (head, None)
        return households.setdefault((unit.pk, number), _Household())

    # Writing --------------------------------------------------------------------------------

    @transaction.atomic
    def write(self, rows: Iterable[tuple[int, dict[str, Any]]], *, by: User | None) -> WriteResult:
        """Write the checked rows in bulk, a batch at a time (services/roster.py)."""
        result = WriteResult()
        iterator = iter(rows)
        while batch := list(islice(iterator, BATCH)):
            entries = [_entry(data) for _number, data in batch]
            try:
                with transaction.atomic():
                    result.created += roster.register_roster(entries, by=by)
            except IntegrityError as error:  # registered by someone else since the check
                raise RowWriteError(
                    batch[0][0],
                    ID_NUMBER,
                    _(
                        "A person of rows %(first)d to %(last)d was registered by someone else "
                        "during the import; import the file again to see which."
                    )
                    % {"first": batch[0][0], "last": batch[-1][0]},
                ) from error
        return result

    def write_row(self, data: dict[str, Any], *, by: User | None) -> str:
        roster.register_roster([_entry(data)], by=by)
        return "create"


def _entry(data: dict[str, Any]) -> roster.RosterEntry:
    return roster.RosterEntry(
        person=data["_person"],
        household_number=data.get("household") or "",
        relation=data.get("relation") or "",
        groups=data.get("groups") or (),
        groups_since=data.get("groups_since") or clock.today(),
        household_address=data.get("address") or "",
    )
