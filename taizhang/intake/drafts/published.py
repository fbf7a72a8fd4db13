"""The shared part of a draft kind whose confirmed proposal is a record of published figures
(intake.models.PublishedFigures): what a report published of a unit in a year, kept beside the
ledger's own figures.

A kind of this sort subclasses `PublishedFiguresDraft`, names its record (`model`, with `unit`,
`year` and `recorded_by` beside the source span) and names its draft fields as the record's
fields. It gives `values(data, by=...)`, the rest of the record's fields from the cleaned data
(a ValidationError for what the record cannot take), with its own `key`, `label`, `fields`,
`propose()` and `compare()`. The base checks that the person writes for the unit, stores the
record with its source span and audits it; it prefills this year when the passage names none,
finds figures of the same unit and year already confirmed (`same_subject` may narrow them) and
shows a confirmed record's comparison as the draft showed it (`compare_figures`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from taizhang.core import audit
from taizhang.core.access import can_write, require, writes_for
from taizhang.core.models import User
from taizhang.intake.drafts.registry import MAX_DUPLICATES, DraftField, Proposal
from taizhang.lib import clock

if TYPE_CHECKING:
    from taizhang.intake.models import PublishedFigures


class PublishedFiguresDraft:
    key: str
    fields: tuple[DraftField, ...]
    opens_record = True
    # The module's PublishedFigures record, with a scoped manager (`objects.for_user`).
    model: ClassVar[type[Any]]

    def values(self, data: dict[str, Any], *, by: User | None) -> dict[str, Any]:
        """The record's fields other than the unit, year, source and remarks, from the cleaned
        data; a ValidationError naming the field where the data cannot be stored."""
        raise NotImplementedError

    def compare(self, proposal: Proposal, user: Any) -> list[dict[str, Any]]:
        raise NotImplementedError

    def prefill(self, proposal: Proposal, user: Any) -> dict[str, Any]:
        """This year when the passage names none (a report tells of the present)."""
        return {} if proposal.data.get("year") else {"year": clock.today().year}

    def may_confirm(self, user: Any) -> bool:
        return can_write(user)

    def duplicates(self, proposal: Proposal, user: Any, *, report: Any) -> list[Any]:
        """Figures of the same unit and year already confirmed."""
        unit_id, year = str(proposal.data.get("unit") or ""), proposal.data.get("year")
        if not unit_id.isdigit() or not year:
            return []
        found = self.model.objects.for_user(user).filter(unit_id=int(unit_id), year=int(year))
        return list(self.same_subject(found, proposal).order_by("-id")[:MAX_DUPLICATES])

    def same_subject(self, found: QuerySet[Any], proposal: Proposal) -> QuerySet[Any]:
        """Of the unit's figures of the year, those about what the proposal is about."""
        return found

    @transaction.atomic
    def confirm(
        self, *, report: Any, data: dict[str, Any], by: User | None, proposal: Proposal
    ) -> Any:
        unit = data["unit"]
        require(writes_for(by, unit))
        figures = self.model(
            unit=unit,
            year=data["year"],
            **self.values(data, by=by),
            source_report=report,
            source_start=proposal.start,
            source_end=proposal.end,
            remarks=data.get("remarks") or "",
            recorded_by=by,
        )
        figures.full_clean()
        figures.save()
        audit.record_create(
            figures, by=by, reason=_("Confirmed from report “%(r)s”") % {"r": report}
        )
        return figures

    def compare_figures(self, figures: PublishedFigures, user: Any) -> list[dict[str, Any]]:
        """The comparison of confirmed figures, as the draft showed it: the draft's fields read
        from the record (a related record by its id, as a draft holds it)."""
        data: dict[str, Any] = {}
        for draft_field in self.fields:
            value = figures.serializable_value(draft_field.name)
            related = figures._meta.get_field(draft_field.name).is_relation
            data[draft_field.name] = str(value or "") if related else value
        proposal = Proposal(
            kind=self.key,
            key="",
            article=0,
            start=figures.source_start,
            end=figures.source_end,
            sentence="",
            data=data,
        )
        return self.compare(proposal, user)
