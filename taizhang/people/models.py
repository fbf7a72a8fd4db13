"""The people and organisations registry (人员与单位主体库): residents, households, groups and
organisations, entered once and pointed to by every module that names a person or a business.

A person is found by their citizen ID number (公民身份号码), which no two people share; a person
without one (a newborn, a foreigner) carries another document. Sex and birth date come from the
ID number. Age-based facts (60 and over, 80 and over) are computed from the birth date on a
given day (`PersonQuerySet.aged`), never stored. Personal data (ID and document numbers,
phones) is declared in `personal_fields` and shown masked on every surface; seeing it in full is
the explicit, recorded action of core/personal.py."""

from __future__ import annotations

import datetime
from typing import Self

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from taizhang.core.models import ScopedQuerySet, Unit, User
from taizhang.core.personal import PersonalKind
from taizhang.core.versions import Versioned
from taizhang.lib import clock
from taizhang.lib.dates import years_before


class Sex(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")


class DocumentType(models.TextChoices):
    """The document that identifies a person (证件类型)."""

    ID_CARD = "id_card", _("Citizen ID card")  # 居民身份证
    BIRTH_CERTIFICATE = "birth_certificate", _("Birth certificate")  # 出生医学证明
    HOUSEHOLD_BOOKLET = "household_booklet", _("Household register")  # 户口簿
    HK_MACAO_PERMIT = "hk_macao_permit", _("Mainland travel permit for HK and Macao residents")
    TAIWAN_PERMIT = "taiwan_permit", _("Mainland travel permit for Taiwan residents")
    FOREIGN_PERMANENT_RESIDENT = "foreign_pr", _("Foreigner's permanent residence ID card")
    PASSPORT = "passport", _("Passport")
    OTHER = "other", _("Other document")


class PersonStatus(models.TextChoices):
    """Whether a person is on the roll of their village or community (人员状态)."""

    REGISTERED = "registered", _("Registered")  # 在册
    MOVED_OUT = "moved_out", _("Moved out")  # 迁出
    DECEASED = "deceased", _("Deceased")  # 死亡


class Relation(models.TextChoices):
    """A member's relation to the head of the household (与户主关系)."""

    HEAD = "head", _("Head of household")  # 户主
    SPOUSE = "spouse", _("Spouse")  # 配偶
    CHILD = "child", _("Child")  # 子女
    PARENT = "parent", _("Parent")  # 父母
    CHILD_IN_LAW = "child_in_law", _("Son- or daughter-in-law")  # 儿媳 / 女婿
    GRANDCHILD = "grandchild", _("Grandchild")  # 孙子女 / 外孙子女
    GRANDPARENT = "grandparent", _("Grandparent")  # 祖父母 / 外祖父母
    SIBLING = "sibling", _("Sibling")  # 兄弟姐妹
    OTHER = "other", _("Other relative")  # 其他


class OrganisationKind(models.TextChoices):
    """What kind of market or social subject an organisation is (主体类型)."""

    ENTERPRISE = "enterprise", _("Enterprise")  # 企业
    SHOP = "shop", _("Individual business")  # 个体工商户
    PROPERTY_MANAGER = "property_manager", _("Property-management company")  # 物业服务企业
    COOPERATIVE = "cooperative", _("Farmers' cooperative")  # 农民专业合作社
    SOCIAL_ORGANISATION = "social_org", _("Social organisation")  # 社会组织
    INSTITUTION = "institution", _("Public institution")  # 事业单位
    OTHER = "other", _("Other")


RESIDENCE_UNIT_KINDS = ("village", "community")


class PersonQuerySet(ScopedQuerySet["Person"]):
    def registered(self) -> Self:
        return self.filter(status=PersonStatus.REGISTERED)

    def aged(
        self, at_least: int, *, below: int | None = None, on: datetime.date | None = None
    ) -> Self:
        """People aged `at_least` or more (and under `below`) on a day (today by default),
        from their birth date: a fact of the day, never stored."""
        day = on or clock.today()
        people = self.filter(birth_date__lte=years_before(day, at_least))
        if below is not None:
            people = people.filter(birth_date__gt=years_before(day, below))
        return people

    def in_group(self, group: Group, *, on: datetime.date | None = None) -> Self:
        """Members of `group` on a day (today by default)."""
        members = GroupMembership.objects.current(on).filter(group=group)
        return self.filter(pk__in=members.values("person_id"))

    def with_household(self) -> Self:
        return self.select_related("unit", "household_membership__household")


class Person(Versioned):
    """A resident (人员): one record per person, found by the citizen ID number."""

    scope_unit_field = "unit"
    is_ledger_record = True
    personal_fields = {
        "id_number": PersonalKind.ID_NUMBER,
        "document_number": PersonalKind.ID_NUMBER,
        "phone": PersonalKind.PHONE,
    }

    name = models.CharField(_("name"), max_length=50)
    id_number = models.CharField(
        _("citizen ID number"),
        max_length=18,
        blank=True,
        help_text=_("18 characters; leave blank for a person who has none, and give a document."),
    )  # 公民身份号码
    id_last4 = models.CharField(max_length=4, blank=True, editable=False)
    document_type = models.CharField(
        _("document type"),
        max_length=24,
        choices=DocumentType.choices,
        default=DocumentType.ID_CARD,
    )
    document_number = models.CharField(
        _("document number"),
        max_length=40,
        blank=True,
        help_text=_("For a person without a citizen ID number."),
    )
    sex = models.CharField(_("sex"), max_length=8, choices=Sex.choices, blank=True)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    ethnicity = models.CharField(_("ethnicity"), max_length=20, blank=True)  # 民族
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("village or community"),
        on_delete=models.PROTECT,
        related_name="residents",
    )
    status = models.CharField(
        _("status"), max_length=16, choices=PersonStatus.choices, default=PersonStatus.REGISTERED
    )
    status_since = models.DateField(_("status since"), null=True, blank=True)
    died_on = models.DateField(_("date of death"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    is_demo = models.BooleanField(_("demo"), default=False)
    created_at = models.DateTimeField(_("created at"), default=clock.now, editable=False)

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["unit_id", "name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["id_number"],
                condition=~Q(id_number=""),
                name="person_id_number_unique",
                violation_error_message=_("Another person already has this citizen ID number."),
            ),
            models.UniqueConstraint(
                fields=["document_type", "document_number"],
                condition=~Q(document_number=""),
                name="person_document_unique",
                violation_error_message=_("Another person already has this document."),
            ),
            models.CheckConstraint(
                condition=~Q(id_number="", document_number=""),
                name="person_has_a_document",
                violation_error_message=_("Give a citizen ID number or another document."),
            ),
        ]
        # A plain index beside the partial unique one: SQLite uses a partial index only for
        # queries that repeat its condition, so a lookup by number needs this one.
        indexes = [
            models.Index(fields=["id_number"], name="person_id_number"),
            models.Index(fields=["unit", "id_last4"], name="person_unit_last4"),
            models.Index(fields=["unit", "name"], name="person_unit_name"),
            models.Index(fields=["birth_date"], name="person_birth_date"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("people-person", args=[self.pk])

    def age_on(self, day: datetime.date | None = None) -> int | None:
        """Full years of age on a day (today by default)."""
        if self.birth_date is None:
            return None
        day = day or clock.today()
        before_birthday = (day.month, day.day) < (self.birth_date.month, self.birth_date.day)
        return day.year - self.birth_date.year - before_birthday

    def clean(self) -> None:
        if self.unit_id and self.unit.kind not in RESIDENCE_UNIT_KINDS:
            raise ValidationError({"unit": _("A resident lives in a village or a community.")})
        if self.status == PersonStatus.DECEASED and self.died_on is None:
            raise ValidationError({"died_on": _("Give the date of death.")})
        if self.status != PersonStatus.DECEASED and self.died_on is not None:
            raise ValidationError({"died_on": _("Only a deceased person has a date of death.")})


class StatusChange(models.Model):
    """A dated change of a person's status (状态变更): moved out, died, registered again."""

    scope_unit_field = "person__unit"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="status_changes")
    status = models.CharField(_("status"), max_length=16, choices=PersonStatus.choices)
    on = models.DateField(_("date"))
    reason = models.CharField(_("reason or evidence"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=clock.now, editable=False)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["person_id", "on", "id"]

    def __str__(self) -> str:
        return f"{self.person} {self.get_status_display()} {self.on}"


class Household(Versioned):
    """A household (户): its number (户号) within the village or community, and its members,
    one of whom is the head (户主)."""

    scope_unit_field = "unit"
    is_ledger_record = True

    number = models.CharField(_("household number"), max_length=32)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("village or community"),
        on_delete=models.PROTECT,
        related_name="households",
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    is_demo = models.BooleanField(_("demo"), default=False)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")
        ordering = ["unit_id", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "number"],
                name="household_number_unique_in_unit",
                violation_error_message=_("This village already has a household of this number."),
            )
        ]

    def __str__(self) -> str:
        return self.number

    def get_absolute_url(self) -> str:
        return reverse("people-household", args=[self.pk])

    def clean(self) -> None:
        if self.unit_id and self.unit.kind not in RESIDENCE_UNIT_KINDS:
            raise ValidationError({"unit": _("A household lives in a village or a community.")})


class HouseholdMember(models.Model):
    """A person's place in a household (户内成员) and their relation to its head."""

    scope_unit_field = "household__unit"

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="members")
    person = models.OneToOneField(
        Person, on_delete=models.CASCADE, related_name="household_membership"
    )
    relation = models.CharField(_("relation to the head"), max_length=16, choices=Relation.choices)

    class Meta:
        verbose_name = _("household member")
        verbose_name_plural = _("household members")
        ordering = ["household_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["household"],
                condition=Q(relation="head"),
                name="household_one_head",
                violation_error_message=_("A household has one head."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.household} {self.person}"


class Group(models.Model):
    """A group of people that programmes care for (人员类别): 低保户, 特困供养 (五保户), 困难党员,
    孤寡老人, 大病患者, 残疾人, 退役军人 … defined as data by the district and read by everyone
    (not scoped to a unit)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=50, unique=True)
    aliases = models.CharField(
        _("other names"), max_length=200, blank=True, help_text=_("e.g. 五保户 for 特困供养")
    )
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("group")
        verbose_name_plural = _("groups")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class MembershipQuerySet(ScopedQuerySet["GroupMembership"]):
    def current(self, on: datetime.date | None = None) -> Self:
        """Memberships that hold on a day (today by default)."""
        day = on or clock.today()
        return self.filter(Q(ended_on__isnull=True) | Q(ended_on__gte=day), started_on__lte=day)


class GroupMembership(models.Model):
    """A person's dated membership of a group (人员类别认定): from, to, who added it, evidence."""

    scope_unit_field = "person__unit"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="memberships")
    group = models.ForeignKey(Group, on_delete=models.PROTECT, related_name="memberships")
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("until"), null=True, blank=True)
    evidence = models.CharField(
        _("evidence"), max_length=200, blank=True, help_text=_("e.g. the approval document")
    )
    added_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(default=clock.now, editable=False)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("group membership")
        verbose_name_plural = _("group memberships")
        ordering = ["person_id", "group_id", "started_on"]
        indexes = [models.Index(fields=["group", "started_on"], name="membership_group_from")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="membership_ends_after_start",
                violation_error_message=_("A membership cannot end before it starts."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.group}"


class Organisation(Versioned):
    """A market or social subject (单位主体): an enterprise, a shop (个体工商户), a property-
    management company (小区物业), a cooperative …, found by its unified social credit code
    (统一社会信用代码)."""

    scope_unit_field = "unit"
    is_ledger_record = True
    personal_fields = {"contact_phone": PersonalKind.PHONE}

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=OrganisationKind.choices)
    credit_code = models.CharField(_("unified social credit code"), max_length=18, blank=True)
    legal_representative = models.CharField(_("legal representative"), max_length=50, blank=True)
    contact_person = models.CharField(_("contact person"), max_length=50, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="organisations",
        help_text=_("The village, community or subdistrict where it is."),
    )
    is_active = models.BooleanField(_("in business"), default=True)
    notes = models.TextField(_("notes"), blank=True)
    is_demo = models.BooleanField(_("demo"), default=False)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["unit_id", "name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["credit_code"],
                condition=~Q(credit_code=""),
                name="organisation_credit_code_unique",
                violation_error_message=_(
                    "Another organisation already has this unified social credit code."
                ),
            )
        ]
        indexes = [
            models.Index(fields=["credit_code"], name="organisation_credit_code"),
            models.Index(fields=["unit", "name"], name="organisation_unit_name"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("people-organisation", args=[self.pk])


class PersonMerge(models.Model):
    """Two records of the same person joined by an administrator (合并): the one kept, the one
    removed as it was (its snapshot) and what moved, so that nothing is lost."""

    scope_unit_field = "kept__unit"

    kept = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="merges")
    removed_id = models.BigIntegerField()
    removed_snapshot = models.JSONField()
    moved = models.JSONField(default=dict)
    reason = models.CharField(_("reason"), max_length=200)
    merged_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    merged_at = models.DateTimeField(default=clock.now, editable=False)

    class Meta:
        verbose_name = _("merge of records")
        verbose_name_plural = _("merges of records")
        ordering = ["-merged_at"]

    def __str__(self) -> str:
        return f"#{self.removed_id} → {self.kept}"


def person_reference_fields() -> list[models.ForeignObjectRel]:
    """The relations of other records to a person (this app's and later modules'): a merge
    moves them all to the person kept."""
    return [
        relation
        for relation in Person._meta.related_objects
        if relation.related_model is not PersonMerge
    ]
