"""The demo's report intake: the seed page taken in by the district administrator, so that its
drafts (the 2022 project statistics, 东王庄村's small works) wait to be confirmed. Idempotent:
nothing happens when a report from the seed is there already."""

from __future__ import annotations

from pathlib import Path

from taizhang.core.models import User
from taizhang.intake import services
from taizhang.intake.models import IntakeReport

SEED = Path(__file__).resolve().parent / "fixtures" / "seed_report.txt"
SOURCE_NAME = "seed_report.txt"


def load_intake_demo(admin: User) -> None:
    if IntakeReport.objects.filter(source_name=SOURCE_NAME).exists():
        return
    services.create_report(by=admin, text=SEED.read_text(encoding="utf-8"), source_name=SOURCE_NAME)
