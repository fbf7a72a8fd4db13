from django.contrib.contenttypes.models import ContentType

from taizhang.intake.models import IntakeReport, SourceLink
from taizhang.projects.models import PublishedProjectStats


def make(district, people, canary):
    """A report 塔儿村 took in, a record confirmed from it with its source link, and a
    published statistics snapshot, each carrying the canary."""
    text = f"塔儿村简报 {canary}\n\n本报记者 张三\n\n塔儿村硬化巷道1000多平方米。"
    report = IntakeReport.objects.create(
        unit=district.taer, title=f"塔儿村简报 {canary}", text=text, result={}, created_by=None
    )
    stats = PublishedProjectStats.objects.create(
        unit=district.taer,
        year=2022,
        count=3,
        source_report=report,
        source_start=0,
        source_end=10,
        remarks=canary,
    )
    link = SourceLink.objects.create(
        report=report,
        draft_kind="project_stats",
        draft_key="a0-0",
        article=0,
        span_start=0,
        span_end=10,
        sentence=canary,
        content_type=ContentType.objects.get_for_model(PublishedProjectStats),
        object_id=str(stats.pk),
    )
    return [report, stats, link]
