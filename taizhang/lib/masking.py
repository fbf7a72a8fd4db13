"""Masking personal data (个人信息脱敏): how every ordinary surface shows it (core/personal.py).

The length is kept, so that a masked value still reads as the kind of number it is."""


def mask_phone(phone: str) -> str:
    """13912345678 → 139****5678 (3 + 4); short numbers keep only their last two digits."""
    digits = phone.strip()
    if len(digits) >= 7:
        return f"{digits[:3]}{'*' * (len(digits) - 7)}{digits[-4:]}"
    if len(digits) > 2:
        return "*" * (len(digits) - 2) + digits[-2:]
    return digits


def mask_id_number(number: str) -> str:
    """140213199003071234 → 1402**********1234 (4 + 4, 18 characters kept). Shorter document
    numbers (a passport) keep only their last 4; very short ones nothing."""
    number = number.strip()
    if len(number) >= 12:
        return f"{number[:4]}{'*' * (len(number) - 8)}{number[-4:]}"
    if len(number) >= 8:
        return "*" * (len(number) - 4) + number[-4:]
    return "*" * len(number)


def mask_name(name: str) -> str:
    """李某某 → 李**: the family name stays, as notices print it."""
    name = name.strip()
    return name[:1] + "*" * (len(name) - 1) if len(name) > 1 else "*" * len(name)
