"""The national investment project code (投资项目代码): format, segments, normalisation."""

import pytest

from taizhang.lib.project_code import ProjectCodeError, is_valid, normalise, parse

YEAR = 2024


def test_it_reads_a_code_of_the_online_platform():
    code = parse("2018-110105-70-03-006548", this_year=YEAR)
    assert (code.year, code.region, code.industry, code.type, code.serial) == (
        2018,
        "110105",
        "70",
        "03",
        "006548",
    )
    assert str(code) == "2018-110105-70-03-006548"


def test_it_accepts_full_width_digits_and_hyphens_and_spaces():
    assert str(parse(" ２０１８－１１０１０５—７０－０３－００６５４８ ", this_year=YEAR)) == (
        "2018-110105-70-03-006548"
    )


def test_it_puts_the_hyphens_into_twenty_bare_digits():
    assert normalise("20181101057003006548") == "2018-110105-70-03-006548"


@pytest.mark.parametrize(
    ("code", "segment"),
    [
        ("2018-11010-70-03-006548", "region"),
        ("2018-110105-7-03-006548", "industry"),
        ("2018-110105-70-3A-006548", "type"),
        ("2018-110105-70-03-00654", "serial"),
        ("18-110105-70-03-006548", "year"),
        ("2010-110105-70-03-006548", "year"),
        ("2031-110105-70-03-006548", "year"),
        ("2018-990105-70-03-006548", "region"),
        ("2018-110105-70-03", None),
        ("not a code", None),
    ],
)
def test_it_names_the_bad_segment(code, segment):
    with pytest.raises(ProjectCodeError) as error:
        parse(code, this_year=YEAR)
    assert error.value.segment == segment
    assert error.value.message


def test_an_empty_code_is_not_a_code_but_is_not_an_error_to_normalise():
    assert normalise("") == ""
    assert normalise(None) == ""
    assert not is_valid("", this_year=YEAR)
    assert is_valid("2018-110105-70-03-006548", this_year=YEAR)
