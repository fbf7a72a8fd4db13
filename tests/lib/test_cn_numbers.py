from decimal import Decimal

import pytest

from taizhang.lib.cn_numbers import parse_cn_integer, parse_number, parse_percent, to_halfwidth


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("七", 7),
        ("十", 10),
        ("十二", 12),
        ("二十", 20),
        ("两千", 2000),
        ("三千零五", 3005),
        ("一万二千五百", 12500),
        ("十万", 100000),
        ("三亿零五万", 300050000),
        ("一亿二千万", 120000000),
        ("二〇二二", 2022),
        ("壹佰贰拾", 120),
        ("两百", 200),
    ],
)
def test_it_reads_chinese_integers(text, value):
    assert parse_cn_integer(text) == value


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("223", "223"),
        ("809.68", "809.68"),
        ("１２３", "123"),
        ("１２．５", "12.5"),
        ("12,345", "12345"),
        ("3.5万", "35000"),
        ("两千", "2000"),
        ("2亿", "200000000"),
    ],
)
def test_it_reads_arabic_full_width_and_chinese_numbers_exactly(text, value):
    assert parse_number(text) == Decimal(value)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("百分之八十", "80"),
        ("百分之十二点五", "12.5"),
        ("80%", "80"),
        ("８０％", "80"),
        ("百分之百", "100"),
    ],
)
def test_it_reads_percentages(text, value):
    assert parse_percent(text) == Decimal(value)


@pytest.mark.parametrize("text", ["", "abc", "七x", "百分"])
def test_it_refuses_what_is_not_a_number(text):
    with pytest.raises(ValueError):
        parse_number(text) if text != "百分" else parse_percent(text)


def test_full_width_mapping_keeps_offsets():
    text = "投资１２．５亿元，达到８０％"
    assert len(to_halfwidth(text)) == len(text)
    assert to_halfwidth(text) == "投资12.5亿元,达到80%"


@pytest.mark.parametrize(
    ("text", "value"), [("七十八点六", "78.6"), ("零点五", "0.5"), ("三点一四", "3.14")]
)
def test_it_reads_chinese_decimals(text, value):
    assert parse_number(text) == Decimal(value)


@pytest.mark.parametrize("text", ["三五", "一万二千三四百", "五六十"])
def test_two_digits_in_a_row_are_an_estimate_not_a_number(text):
    with pytest.raises(ValueError):
        parse_cn_integer(text)
