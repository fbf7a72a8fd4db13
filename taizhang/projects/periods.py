"""Which year a project-bank page opens on when none is asked for."""

from django.db.models import Max, Q

from taizhang.lib import clock
from taizhang.projects.models import MonthlyReport, YearPlan


def default_year() -> int:
    """The latest year up to now with approved progress; else the latest plan year up to now;
    else the newest plan year; else this year. (Years say nothing private: no scoping.)"""
    this_year = clock.today().year
    reported = (
        MonthlyReport.objects.approved().filter(year__lte=this_year).aggregate(year=Max("year"))
    )["year"]
    planned = YearPlan.objects.aggregate(
        upto=Max("year", filter=Q(year__lte=this_year)), latest=Max("year")
    )
    return reported or planned["upto"] or planned["latest"] or this_year
