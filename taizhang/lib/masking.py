"""Masking personal data (个人信息脱敏) for people whose role does not need it in full."""


def mask_phone(phone: str) -> str:
    """13812345678 → 138****5678; short numbers keep only their last two digits."""
    digits = phone.strip()
    if len(digits) >= 7:
        return f"{digits[:3]}****{digits[-4:]}"
    if len(digits) > 2:
        return "*" * (len(digits) - 2) + digits[-2:]
    return digits


def mask_id_number(number: str) -> str:
    """110101199003071234 → 110101********1234."""
    number = number.strip()
    if len(number) < 10:
        return "*" * len(number)
    return f"{number[:6]}{'*' * (len(number) - 10)}{number[-4:]}"


def mask_name(name: str) -> str:
    """李某某 → 李**: the family name stays, as notices print it."""
    name = name.strip()
    return name[:1] + "*" * (len(name) - 1) if len(name) > 1 else "*" * len(name)
