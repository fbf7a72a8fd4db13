"""QR codes as inline SVG (qrcode's SVG writer: no Pillow, no image files)."""

import qrcode
import qrcode.image.svg


def svg(data: str) -> str:
    """The QR code of `data` as an <svg> element to put in a page."""
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, border=2)
    return image.to_string(encoding="unicode")
