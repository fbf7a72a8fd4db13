"""A programme's rules in words (享受条件), as its notice would state them."""

from __future__ import annotations

from django.utils.translation import gettext as _

from taizhang.welfare.models import BenefitUnit, Programme
from taizhang.welfare.services.eligibility import residence_units


def rules_in_words(programme: Programme) -> list[str]:
    """Each condition a person (or household) must meet, one sentence each."""
    names = "、".join(unit.name for unit in residence_units(programme))
    rules = [_("Lives in %(units)s.") % {"units": names}]
    if programme.registered_only:
        rules.append(_("Is a registered resident (在册): not moved out, not deceased."))
    if programme.min_age is not None and programme.max_age is not None:
        rules.append(
            _("Is aged %(low)s or over and under %(high)s.")
            % {"low": programme.min_age, "high": programme.max_age}
        )
    elif programme.min_age is not None:
        rules.append(_("Is aged %(age)s or over.") % {"age": programme.min_age})
    elif programme.max_age is not None:
        rules.append(_("Is under %(age)s.") % {"age": programme.max_age})
    groups = "、".join(group.name for group in programme.groups.all())
    if groups:
        rules.append(_("Belongs to one of: %(groups)s.") % {"groups": groups})
    low, high = programme.min_household_size, programme.max_household_size
    if low is not None and high is not None:
        rules.append(
            _("The household has %(low)s to %(high)s members.") % {"low": low, "high": high}
        )
    elif low is not None:
        rules.append(_("The household has at least %(low)s members.") % {"low": low})
    elif high is not None:
        rules.append(_("The household has at most %(high)s members.") % {"high": high})
    if programme.income_standard_yuan is not None:
        rules.append(
            _("The household's monthly income per head is below %(standard)s yuan.")
            % {"standard": programme.income_standard_yuan}
        )
    if programme.benefit_unit == BenefitUnit.HOUSEHOLD:
        rules.append(
            _(
                "One benefit per household, held by its head; age and group rules hold if any "
                "member meets them."
            )
        )
    if programme.needs_application:
        rules.append(
            _(
                "By application: home investigation, preliminary review, public notice of "
                "%(days)s days and approval by %(unit)s."
            )
            % {"days": programme.notice_days, "unit": programme.decider.name}
        )
    else:
        rules.append(_("Without application: an officer confirms the candidates."))
    return rules
