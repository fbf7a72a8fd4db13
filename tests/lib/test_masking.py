"""The masking format of personal data: ID numbers 4 + 4, phones 3 + 4, names family name."""

import pytest

from taizhang.lib.masking import mask_id_number, mask_name, mask_phone


@pytest.mark.parametrize(
    ("number", "masked"),
    [
        ("14021319900307123X", "1402**********123X"),
        (" 140213199003071234 ", "1402**********1234"),
        ("140213900307123", "1402*******7123"),  # the old 15-digit number
        ("E12345678", "*****5678"),  # a passport
        ("1234567", "*******"),
        ("", ""),
    ],
)
def test_an_id_number_keeps_its_first_four_and_last_four_characters(number, masked):
    assert mask_id_number(number) == masked


def test_a_masked_id_number_keeps_its_length():
    assert len(mask_id_number("14021319900307123X")) == 18


@pytest.mark.parametrize(
    ("phone", "masked"),
    [
        ("13912345678", "139****5678"),
        ("0352-1234567", "035*****4567"),
        ("12345", "***45"),
        ("12", "12"),
    ],
)
def test_a_phone_number_keeps_its_first_three_and_last_four_digits(phone, masked):
    assert mask_phone(phone) == masked


def test_a_name_keeps_its_family_name():
    assert mask_name("王小明") == "王**"
    assert mask_name("王") == "*"
