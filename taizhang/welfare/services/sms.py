"""Text messages to a resident's phone (短信), through a pluggable backend.

`TAIZHANG_SMS_BACKEND` names a class with `send(phone, text)`: the console backend (the
default) writes the message to the log, as Django's console e-mail backend does, so a
development or demo install needs no SMS gateway; the memory backend keeps messages in
`outbox` for the tests; a district plugs its operator's gateway in with a class of its own."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

from taizhang.lib.masking import mask_phone

logger = logging.getLogger(__name__)

DEFAULT_BACKEND = "taizhang.welfare.services.sms.ConsoleBackend"


class Backend(Protocol):
    def send(self, phone: str, text: str) -> None: ...


class ConsoleBackend:
    """Writes the message to the log (the phone masked, the text whole)."""

    def send(self, phone: str, text: str) -> None:
        logger.info("SMS to %s: %s", mask_phone(phone), text)


@dataclass(frozen=True)
class Message:
    phone: str
    text: str


outbox: list[Message] = []


class MemoryBackend:
    """Keeps every message in `outbox` (tests empty it)."""

    def send(self, phone: str, text: str) -> None:
        outbox.append(Message(phone, text))


def backend() -> Backend:
    path = getattr(settings, "TAIZHANG_SMS_BACKEND", "") or DEFAULT_BACKEND
    backend_class: type[Backend] = import_string(path)
    return backend_class()


def send_sms(phone: str, text: str) -> None:
    backend().send(phone, text)
