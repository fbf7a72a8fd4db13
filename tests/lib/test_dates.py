import datetime

import pytest

from taizhang.lib.dates import parse_date, parse_month

MARCH = datetime.date(2022, 3, 1)


@pytest.mark.parametrize(
    "value",
    [
        "2022-03",
        "2022-3",
        "2022/03",
        "2022.3",
        "2022年3月",
        "2022年03月",
        " ２０２２年３月 ",
        "202203",
        "2022-03-05",
        "2022年3月5日",
        2022.3,
        datetime.date(2022, 3, 5),
        datetime.datetime(2022, 3, 5, 10, 30),
    ],
)
def test_it_reads_a_month_however_it_is_written(value):
    assert parse_month(value) == MARCH


def test_a_month_typed_as_a_number_in_excel_reads_as_year_dot_month():
    assert parse_month(2022.11) == datetime.date(2022, 11, 1)


@pytest.mark.parametrize("value", ["2022", "2022-13", "March", "", "1800-01", 2022, None])
def test_it_refuses_what_is_not_a_month(value):
    with pytest.raises(ValueError):
        parse_month(value)


@pytest.mark.parametrize(
    "value",
    [
        "2022-03-05",
        "2022/3/5",
        "2022.3.5",
        "2022年3月5日",
        "20220305",
        "２０２２－０３－０５",
        datetime.date(2022, 3, 5),
        datetime.datetime(2022, 3, 5, 8, 0),
        44625,
        44625.0,
    ],
)
def test_it_reads_a_date_however_it_is_written(value):
    assert parse_date(value) == datetime.date(2022, 3, 5)


@pytest.mark.parametrize("value", ["2022-02-30", "2022-03", "abc", "", "1800-01-01", 3.5, True])
def test_it_refuses_what_is_not_a_date(value):
    with pytest.raises(ValueError):
        parse_date(value)


def test_the_refusal_says_how_to_write_it():
    with pytest.raises(ValueError, match="2022-03-05"):
        parse_date("next week")
