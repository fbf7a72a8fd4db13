"""A model's per-field checks for plain values (lengths, digits, choices, ranges), as bulk writes
and imports make them: `clean_fields()` without a model instance, each distinct value once."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models


class FieldChecks:
    """The per-field checks of a model's `clean_fields()` (lengths, digits, choices, ranges)
    for a row's plain values, without a model instance, each distinct value of a field checked
    once per file: an import's rows repeat their categories, dates and amounts. Foreign keys
    and fields in `exclude` are not checked (their values come looked up already)."""

    def __init__(self, model: type[models.Model], exclude: Iterable[str] = ()) -> None:
        skipped = set(exclude)
        self.fields = {
            f.name: f
            for f in model._meta.fields
            if f.name not in skipped and not f.is_relation and not getattr(f, "generated", False)
        }
        self._seen: dict[tuple[str, type, Any], list[str]] = {}

    def instance_errors(self, record: models.Model) -> dict[str, list[str]]:
        """`record.clean_fields(exclude=<exclude and relations>)`'s messages by field."""
        return self.errors({name: getattr(record, f.attname) for name, f in self.fields.items()})

    def errors(self, values: Mapping[str, Any]) -> dict[str, list[str]]:
        """The messages by field, as `clean_fields(exclude=<the other fields>)` gives them."""
        errors: dict[str, list[str]] = {}
        seen = self._seen
        for name, value in values.items():
            model_field = self.fields.get(name)
            if model_field is None or (model_field.blank and value in model_field.empty_values):
                continue
            key = (name, type(value), value)
            try:
                messages, hashable = seen.get(key), True
            except TypeError:  # an unhashable value: checked every time
                messages, hashable = None, False
            if messages is None:
                try:
                    model_field.clean(value, None)
                    messages = []
                except ValidationError as error:
                    messages = list(error.messages)
                if hashable and len(seen) < 50_000:
                    seen[key] = messages
            if messages:
                errors[name] = messages
        return errors
