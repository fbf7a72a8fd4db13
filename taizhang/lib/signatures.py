"""Signatures drawn on screen (手写签名): the PNG data URL a page's signature pad sends, checked
before anything keeps it. Used wherever a person signs on a phone or tablet (a hand-out of
goods, a responsibility letter)."""

from __future__ import annotations

import base64
import binascii
import io
import warnings

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

FIELD = "signature"
PREFIX = "data:image/png;base64,"
MAX_BYTES = 300 * 1024  # a phone's canvas as PNG is a few tens of kilobytes
MAX_SIDE = 2500  # pixels: a tablet's canvas at twice its CSS size still fits


def signature_png(data_url: str) -> bytes:
    """The PNG bytes of a signature from its data URL, or a ValidationError on the field
    "signature" saying what is wrong: not a PNG, too large (bytes or pixels), damaged, or
    nothing drawn on it (all transparent, or one colour all over)."""
    data_url = (data_url or "").strip()
    if not data_url.startswith(PREFIX):
        raise ValidationError({FIELD: _("The signature is not a PNG image.")})
    encoded = data_url[len(PREFIX) :]
    if len(encoded) > MAX_BYTES * 4 // 3 + 4:
        raise ValidationError({FIELD: _("The signature image is too large.")})
    try:
        content = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError) as error:
        raise ValidationError({FIELD: _("The signature image is damaged.")}) from error
    if not content:
        raise ValidationError({FIELD: _("The signature is empty: sign on the screen.")})
    if len(content) > MAX_BYTES:
        raise ValidationError({FIELD: _("The signature image is too large.")})
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(content)) as image:
                if image.format != "PNG":
                    raise ValidationError({FIELD: _("The signature is not a PNG image.")})
                if max(image.size) > MAX_SIDE:
                    raise ValidationError({FIELD: _("The signature image is too large.")})
                image.load()
                blank = _is_blank(image)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise ValidationError({FIELD: _("The signature image is too large.")}) from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise ValidationError({FIELD: _("The signature image is damaged.")}) from error
    if blank:
        raise ValidationError({FIELD: _("The signature is empty: sign on the screen.")})
    return content


def _is_blank(image: Image.Image) -> bool:
    """Nothing drawn: fully transparent, or one colour all over."""
    rgba = image.convert("RGBA")
    alpha = rgba.getchannel("A")
    if alpha.getbbox() is None:
        return True
    low, high = rgba.convert("L").getextrema()
    return bool(low == high and alpha.getextrema()[0] == 255)
