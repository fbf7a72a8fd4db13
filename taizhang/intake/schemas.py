"""API schemas of report intake: XIn for what a caller sends, XOut for what it gets."""

from __future__ import annotations

import datetime
from typing import Any

from ninja import Field, Schema


class TextIn(Schema):
    text: str = Field(..., description="The report's text, as pasted.")
    source_name: str = Field("", max_length=200, description="A file name to keep with it.")


class ArticleOut(Schema):
    kicker: str
    title: str
    subtitles: list[str]
    bylines: list[str]
    body: list[str]
    captions: list[str]
    truncated: bool
    tables: list[dict[str, Any]] = Field(
        default_factory=list,
        description="Tables as {header: [cells], rows: [[cells]], units: [the units the table's "
        "title or caption line states]}; a two-row header's cells are joined (2021年资金（万元）).",
    )
    fields: dict[str, str] = Field(
        default_factory=dict,
        description="An official document's or a WeChat post's issuer, doc_number, date "
        "(ISO 8601) and recipients, where the report gives them.",
    )


class ExtractionOut(Schema):
    """The shape `taizhang intake FILE --format json` prints. Figures carry text, value (or
    low and high), unit, qualifier, subject, article, wan (money in 万元) and span; names carry
    text, kind (unit or person), unit_id, unit_kind, unit_name, article and span; unreadable
    lists numerals that cannot be read whole (三五万人) with their text, unit and span."""

    articles: list[ArticleOut]
    figures: list[dict[str, Any]]
    names: list[dict[str, Any]]
    unreadable: list[dict[str, Any]] = Field(default_factory=list)


class IntakeReportOut(Schema):
    id: int
    title: str
    unit_id: int
    source_name: str
    created_by_id: int | None
    created_at: datetime.datetime


class RecordRefOut(Schema):
    type: str = Field(description="The record's app_label.model.")
    type_label: str = Field(description="What the record is, in the caller's language.")
    id: str
    label: str = Field(description="The record's own name.")
    url: str = Field(description="Its page.")


class DraftOut(Schema):
    kind: str
    key: str
    article: int
    start: int
    end: int
    sentence: str
    data: dict[str, Any]
    confirmed_record: str | None = Field(None, description="The record confirmed from it, if any.")
    confirmed_record_type: str | None = Field(
        None, description="What that record is (its model's name), in the caller's language."
    )
    duplicates: list[RecordRefOut] = Field(
        default_factory=list,
        description="Records the caller may read that this draft seems to repeat (the same "
        "subject, unit and date); confirming it is still allowed.",
    )


class ReportDetailOut(IntakeReportOut):
    text: str
    result: ExtractionOut
    drafts: list[DraftOut]


class ConfirmIn(Schema):
    data: dict[str, Any] = Field(
        ..., description="The draft's values as edited (the draft's data with changes)."
    )


class SourceLinkOut(Schema):
    id: int
    report_id: int
    draft_kind: str
    draft_kind_label: str = Field(description="The draft kind's label, in the caller's language.")
    draft_key: str
    article: int
    span_start: int
    span_end: int
    sentence: str
    record_type: str
    record_type_label: str = Field(description="What the record is (its model's name).")
    record_id: str = Field(..., alias="object_id")
    record: str

    @staticmethod
    def resolve_record_type(obj: Any) -> str:
        return f"{obj.content_type.app_label}.{obj.content_type.model}"

    @staticmethod
    def resolve_record(obj: Any) -> str:
        return str(obj.record) if obj.record is not None else ""
