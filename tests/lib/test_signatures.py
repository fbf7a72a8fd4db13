"""A signature drawn on screen: the PNG is taken back from its data URL, anything else is refused
on the field "signature" with what is wrong, in the user's language."""

from __future__ import annotations

import base64
import io

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from PIL import Image, ImageDraw

from taizhang.lib.signatures import MAX_BYTES, MAX_SIDE, signature_png


def png(*, size=(300, 120), drawn: bool = True, background=(0, 0, 0, 0), fmt="PNG") -> bytes:
    image = Image.new("RGBA", size, background)
    if drawn:
        ImageDraw.Draw(image).line([(20, 90), (80, 30), (150, 100), (260, 40)], "black", 4)
    buffer = io.BytesIO()
    (image.convert("RGB") if fmt == "JPEG" else image).save(buffer, fmt)
    return buffer.getvalue()


def data_url(content: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(content).decode()


def refusal(value: str) -> str:
    with pytest.raises(ValidationError) as refused:
        signature_png(value)
    [message] = refused.value.message_dict["signature"]
    return message


def test_it_gives_back_the_png_that_was_drawn():
    content = png()
    assert signature_png(data_url(content)) == content
    assert signature_png(f"  {data_url(content)}\n") == content  # a form's stray whitespace


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("", "not a PNG"),
        ("data:image/jpeg;base64," + base64.b64encode(png(fmt="JPEG")).decode(), "not a PNG"),
        (data_url(png(fmt="JPEG")), "not a PNG"),  # a JPEG under a PNG's label
        ("data:image/png;base64,not base64!", "damaged"),
        (data_url(b"\x89PNG\r\n\x1a\nbroken"), "damaged"),
        (data_url(b""), "empty"),
        (data_url(png(size=(MAX_SIDE + 1, 50))), "too large"),
        ("data:image/png;base64," + "A" * (MAX_BYTES * 4 // 3 + 8), "too large"),
        (data_url(png(drawn=False)), "empty"),  # all transparent
        (data_url(png(drawn=False, background=(255, 255, 255, 255))), "empty"),  # all white
    ],
    ids=[
        "no-data-url", "jpeg-url", "jpeg-inside", "not-base64", "broken-png", "no-bytes",
        "too-wide", "too-many-bytes", "transparent", "one-colour",
    ],
)  # fmt: skip
def test_it_refuses_what_is_not_a_sane_drawing_and_says_why(value, reason):
    assert reason in refusal(value)


def test_the_largest_side_allowed_passes():
    content = png(size=(MAX_SIDE, 60))
    assert signature_png(data_url(content)) == content


def test_the_refusal_reads_in_chinese():
    with translation.override("zh-hans"):
        assert refusal(data_url(png(drawn=False))) == "签名为空，请在屏幕上签名。"
        assert refusal("data:image/gif;base64,R0lG") == "签名不是 PNG 图片。"
