from decimal import Decimal

import pytest

from taizhang.lib.money import format_money, format_wan, parse_money


@pytest.mark.parametrize(
    ("value", "wan"),
    [
        ("809.68", "809.68"),
        (Decimal("1.5"), "1.50"),
        (12, "12.00"),
        (809.68, "809.68"),
        (0.1 + 0.2, "0.30"),
        ("1.2亿元", "12000.00"),
        ("1.2亿", "12000.00"),
        ("809.68亿元", "8096800.00"),
        ("12,345.6万元", "12345.60"),
        ("１２３万元", "123.00"),
        ("１２３．５", "123.50"),
        ("50000元", "5.00"),
        (" ￥1，000 ", "1000.00"),
        ("-3.5", "-3.50"),
    ],
)
def test_it_reads_every_way_people_write_an_amount(value, wan):
    assert parse_money(value) == Decimal(wan)


def test_it_is_exact_decimal_never_float():
    assert isinstance(parse_money(809.68), Decimal)
    assert parse_money(809.68) == Decimal("809.68")


def test_a_header_unit_of_yi_multiplies_plain_numbers():
    assert parse_money("2.5", default_unit="亿元") == Decimal("25000.00")
    assert parse_money(1.2, default_unit="亿元") == Decimal("12000.00")


def test_a_unit_in_the_cell_wins_over_the_header_unit():
    assert parse_money("300万元", default_unit="亿元") == Decimal("300.00")


@pytest.mark.parametrize(
    "value",
    ["abc", "", "  ", "12345元", "1.234", "1.2美元", "1..2", True, None, float("nan"), [1]],
)
def test_it_refuses_what_is_not_an_exact_amount(value):
    with pytest.raises(ValueError):
        parse_money(value)


def test_the_refusal_says_why():
    with pytest.raises(ValueError, match="two decimal places"):
        parse_money("1.234")


@pytest.mark.parametrize(
    ("wan", "text"),
    [
        (Decimal("8096800"), "809.68亿元"),
        (Decimal("10000"), "1.00亿元"),
        (Decimal("1234.5"), "1,234.50万元"),
        (Decimal("0"), "0.00万元"),
        (Decimal("123456789.99"), "12,345.68亿元"),
        (None, ""),
    ],
)
def test_it_formats_in_wan_or_yi(wan, text):
    assert format_money(wan) == text


def test_history_formats_exactly_in_wan_however_large():
    assert format_wan(Decimal("12345.6")) == "12,345.60万元"
    assert format_wan(Decimal("8096800")) == "8,096,800.00万元"
    assert format_wan(None) == ""


@pytest.mark.parametrize(
    ("value", "wan"),
    [
        ("1,234.5", "1234.50"),
        ("12,345,678", "12345678.00"),
        ("１，２３４．５万元", "1234.50"),
        ("1 234", "1234.00"),
        ("-1,000", "-1000.00"),
        ("1,234.5 万元", "1234.50"),
    ],
)
def test_it_reads_thousands_separators_between_groups_of_three(value, wan):
    assert parse_money(value) == Decimal(wan)


@pytest.mark.parametrize(
    "value", ["1,2,3", "12,34", "1,2345", ",123", "1,234,56", "１，２，３", "1 2 3"]
)
def test_it_refuses_thousands_separators_in_the_wrong_places(value):
    with pytest.raises(ValueError, match="thousands"):
        parse_money(value)
