import datetime
from unittest import mock

import pytest

from taizhang.lib.idcard import (
    FEMALE,
    MALE,
    CitizenId,
    IdNumberError,
    check_character,
    make_id_number,
    normalize_id_number,
    parse_id_number,
)
from taizhang.lib.regions import _names, is_known_region, region_name

TODAY = datetime.date(2026, 12, 2)
# The two examples printed in GB 11643-1999 itself.
BEIJING_WOMAN = "11010519491231002X"  # 北京市朝阳区, 1949-12-31, sequence 002 (even: female)
SHANTOU_MAN = "440524188001010014"  # 广东省汕头市潮阳县, 1880-01-01, sequence 001 (odd: male)


def parse(text: str) -> CitizenId:
    return parse_id_number(text, today=TODAY)


def test_the_standards_first_example_is_a_woman_born_in_chaoyang_in_1949():
    # By hand: weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2 on 1 1 0 1 0 5 1 9 4 9 1 2 3 1 0 0 2
    # give 7+9+0+5+0+20+2+9+24+27+7+18+30+5+0+0+4 = 167; 167 mod 11 = 2; "10X98765432"[2] = X.
    assert check_character(BEIJING_WOMAN[:17]) == "X"
    assert parse(BEIJING_WOMAN) == CitizenId(
        number=BEIJING_WOMAN,
        region_code="110105",
        birth_date=datetime.date(1949, 12, 31),
        sex=FEMALE,
        region_name="北京市朝阳区",
        warnings=(),
    )


def test_the_standards_second_example_is_a_man_born_on_the_first_day_allowed():
    # By hand: 28+36+0+25+16+16+2+8+48+0+0+9+0+5+0+0+2 = 195; 195 mod 11 = 8; "10X98765432"[8] = 4.
    assert check_character(SHANTOU_MAN[:17]) == "4"
    citizen = parse(SHANTOU_MAN)
    assert citizen.birth_date == datetime.date(1880, 1, 1)
    assert citizen.sex == MALE
    assert citizen.region_name == "广东省汕头市潮阳县"


@pytest.mark.parametrize(
    ("first17", "expected"),
    [
        ("11010519491231002", "X"),
        ("44052418800101001", "4"),
        ("00000000000000000", "1"),  # sum 0
        ("00000001000000000", "0"),  # sum 1 (the 8th weight is 1)
        ("00000010000000000", "X"),  # sum 2
        ("10000000000000000", "5"),  # sum 7
        ("00100000000000000", "2"),  # sum 10
        ("00000000010000000", "9"),  # sum 3 (the 10th weight is 3)
        ("00000000000000003", "6"),  # sum 6 (3 × the last weight, 2)
    ],
)
def test_the_check_character_follows_iso_7064_mod_11_2(first17, expected):
    assert check_character(first17) == expected


@pytest.mark.parametrize("first17", ["1101051949123100", "110105194912310021", "1101051949123100X"])
def test_the_check_character_needs_seventeen_digits(first17):
    with pytest.raises(ValueError):
        check_character(first17)


@pytest.mark.parametrize(
    "text",
    [
        "11010519491231002x",
        "１１０１０５１９４９１２３１００２Ｘ",
        "１１０１０５１９４９１２３１００２ｘ",
        " 110105 19491231 002X ",
        "110105\u300019491231\u3000002X",  # ideographic spaces, as Chinese input methods type
        "\ufeff11010519491231002X\u200b",  # a byte-order mark and a zero-width space from a paste
        "1101 0519 4912 3100 2X\n",
        "\t11010519491231002X\r\n",
    ],
)
def test_it_reads_full_width_lower_case_and_spaced_numbers(text):
    assert normalize_id_number(text) == BEIJING_WOMAN
    assert parse(text).number == BEIJING_WOMAN


def test_an_x_check_character_is_kept_and_a_digit_one_is_not_confused_with_it():
    number = make_id_number("110101", datetime.date(1990, 3, 7), 803)
    assert number == "11010119900307803X"
    assert parse(number.lower()).number == number


def test_the_seventeenth_digit_gives_the_sex():
    birth = datetime.date(1985, 6, 15)
    for sequence in range(0, 20):
        citizen = parse(make_id_number("140213", birth, sequence))
        assert citizen.sex == (MALE if sequence % 2 else FEMALE)


def test_a_number_from_pingcheng_district_of_datong_names_its_region():
    citizen = parse(make_id_number("140213", datetime.date(1990, 3, 7), 123))
    assert citizen.region_code == "140213"
    assert citizen.region_name == "山西省大同市平城区"
    assert citizen.warnings == ()


def test_an_old_code_abolished_long_ago_is_still_known():
    # 大同市城区 (140202) became part of 平城区 in 2018; people born there keep 140202.
    citizen = parse(make_id_number("140202", datetime.date(1975, 1, 1), 123))
    assert citizen.region_name == "山西省大同市城区"
    assert citizen.warnings == ()


def test_an_unknown_region_code_is_a_warning_not_an_error():
    citizen = parse(make_id_number("149999", datetime.date(1990, 3, 7), 123))
    assert citizen.region_name is None
    assert citizen.warnings == (
        "The region code 149999 (the first six digits) is not in the list of administrative "
        "divisions; check the number against the ID card.",
    )


def test_an_unknown_province_is_named_as_such_in_the_warning():
    citizen = parse(make_id_number("990101", datetime.date(1990, 3, 7), 123))
    assert citizen.region_name is None
    assert citizen.warnings == (
        "The first two digits 99 are not a province code; check the number against the ID card.",
    )


def test_a_wrong_check_character_names_the_right_one():
    with pytest.raises(IdNumberError) as error:
        parse("110105194912310025")
    assert str(error.value) == (
        "The check character (the last one) should be X, not 5: if the card shows 5, another "
        "character was mistyped."
    )


def test_two_swapped_digits_are_caught_by_the_check_character():
    # Days 31 → 13 (weights 10 and 5): 167 - 35 + 25 = 157; 157 mod 11 = 3, so 9.
    with pytest.raises(IdNumberError, match="should be 9, not X"):
        parse("11010519491213002X")


def test_an_old_fifteen_digit_number_is_refused_with_a_clear_message():
    with pytest.raises(IdNumberError) as error:
        parse("110105491231002")
    assert str(error.value) == (
        "This is an old 15-digit ID number (issued before 1999); enter the 18-character number "
        "on the person's current ID card."
    )


@pytest.mark.parametrize(
    ("text", "count"),
    [("11010519491231002", 17), ("11010519491231002X1", 19), ("1", 1), ("1101051949123100", 16)],
)
def test_a_number_of_the_wrong_length_says_how_long_it_is(text, count):
    with pytest.raises(IdNumberError) as error:
        parse(text)
    assert str(error.value) == f"An ID number has 18 characters; this one has {count}."


@pytest.mark.parametrize("text", ["", "   ", "\u3000"])
def test_an_empty_number_is_refused(text):
    with pytest.raises(IdNumberError, match=r"The ID number is empty\."):
        parse(text)


@pytest.mark.parametrize(
    ("text", "position", "character"),
    [
        ("1101051949123100X2", 17, "X"),
        ("X1010519491231002X", 1, "X"),
        ("11010519491231002Y", 18, "Y"),
        ("110105-19491231-02", 7, "-"),
        ("11O10519491231002X", 3, "O"),
        ("11010519491231002？", 18, "?"),  # NFKC makes the full-width question mark plain
    ],
)
def test_only_digits_are_allowed_with_x_as_the_last_character(text, position, character):
    with pytest.raises(IdNumberError) as error:
        parse(text)
    assert str(error.value) == (
        f"Only digits, with X allowed as the last character: character {position} is “{character}”."
    )


def with_check(first17: str) -> str:
    """A number whose check character is right whatever its birth date says."""
    return first17 + check_character(first17)


def test_the_29th_of_february_exists_in_a_leap_year():
    assert parse(with_check("14021319880229123")).birth_date == datetime.date(1988, 2, 29)
    assert parse(with_check("14021320000229123")).birth_date == datetime.date(2000, 2, 29)


@pytest.mark.parametrize("yyyymmdd", ["19900229", "19000229", "21000229"])
def test_the_29th_of_february_does_not_exist_in_other_years(yyyymmdd):
    # 1900 and 2100 are not leap years (divisible by 100, not by 400).
    with pytest.raises(IdNumberError) as error:
        parse_id_number(with_check(f"140213{yyyymmdd}123"), today=datetime.date(2200, 1, 1))
    assert str(error.value) == f"The birth date {yyyymmdd} (characters 7 to 14) does not exist."


@pytest.mark.parametrize("yyyymmdd", ["19900230", "19901301", "19900001", "19900100", "19900431"])
def test_a_birth_date_that_does_not_exist_is_refused(yyyymmdd):
    with pytest.raises(IdNumberError, match=f"The birth date {yyyymmdd} .* does not exist"):
        parse(with_check(f"140213{yyyymmdd}123"))


def test_a_mistyped_date_digit_reports_the_date_and_the_check_character_together():
    with pytest.raises(IdNumberError) as error:
        parse("11010519491331002X")  # month 12 typed 13
    # The 12th digit (weight 9) one more: 167 + 9 = 176; 176 mod 11 = 0, so 1.
    assert str(error.value) == (
        "The birth date 19491331 (characters 7 to 14) does not exist. "
        "The check character (the last one) should be 1, not X: if the card shows X, another "
        "character was mistyped."
    )


def test_a_birth_date_in_the_future_is_refused():
    number = make_id_number("140213", datetime.date(2031, 1, 1), 123)
    with pytest.raises(IdNumberError) as error:
        parse(number)
    assert str(error.value) == "The birth date 2031-01-01 is in the future."


def test_a_child_born_today_is_accepted_and_tomorrow_is_the_future():
    assert parse(make_id_number("140213", TODAY, 1)).birth_date == TODAY
    with pytest.raises(IdNumberError, match="in the future"):
        parse(make_id_number("140213", TODAY + datetime.timedelta(days=1), 1))


def test_today_defaults_to_the_applications_clock():
    number = make_id_number("140213", datetime.date(2030, 5, 1), 1)
    with (
        mock.patch("taizhang.lib.clock.today", return_value=datetime.date(2030, 4, 30)),
        pytest.raises(IdNumberError, match="in the future"),
    ):
        parse_id_number(number)
    with mock.patch("taizhang.lib.clock.today", return_value=datetime.date(2030, 5, 1)):
        assert parse_id_number(number).birth_date == datetime.date(2030, 5, 1)


def test_a_birth_date_before_1880_is_refused():
    number = make_id_number("440524", datetime.date(1879, 12, 31), 1)
    with pytest.raises(IdNumberError) as error:
        parse(number)
    assert str(error.value) == "The birth date 1879-12-31 is before 1880."


def test_the_error_is_a_value_error_so_form_and_import_code_can_catch_either():
    with pytest.raises(ValueError):
        parse("123")


def test_make_id_number_builds_numbers_that_parse_back():
    birth = datetime.date(1962, 10, 1)
    number = make_id_number("140200", birth, 7)
    assert len(number) == 18
    citizen = parse(number)
    assert (citizen.region_code, citizen.birth_date, citizen.sex) == ("140200", birth, MALE)
    assert citizen.region_name == "山西省大同市"
    assert make_id_number("140200", birth, 0)[14:17] == "000"
    assert make_id_number("140200", birth, 999)[14:17] == "999"


@pytest.mark.parametrize(("region", "sequence"), [("14021", 1), ("1402130", 1), ("14021a", 1)])
def test_make_id_number_refuses_a_region_that_is_not_six_digits(region, sequence):
    with pytest.raises(ValueError, match="6 digits"):
        make_id_number(region, datetime.date(1990, 1, 1), sequence)


@pytest.mark.parametrize("sequence", [-1, 1000])
def test_make_id_number_refuses_a_sequence_outside_0_to_999(sequence):
    with pytest.raises(ValueError, match="between 0 and 999"):
        make_id_number("140213", datetime.date(1990, 1, 1), sequence)


def test_the_result_is_frozen():
    citizen = parse(BEIJING_WOMAN)
    with pytest.raises(AttributeError):
        citizen.number = SHANTOU_MAN  # type: ignore[misc]


# The region table (regions.py, gb2260.tsv).

PROVINCES = {
    "11": "北京市",
    "12": "天津市",
    "13": "河北省",
    "14": "山西省",
    "15": "内蒙古自治区",
    "21": "辽宁省",
    "22": "吉林省",
    "23": "黑龙江省",
    "31": "上海市",
    "32": "江苏省",
    "33": "浙江省",
    "34": "安徽省",
    "35": "福建省",
    "36": "江西省",
    "37": "山东省",
    "41": "河南省",
    "42": "湖北省",
    "43": "湖南省",
    "44": "广东省",
    "45": "广西壮族自治区",
    "46": "海南省",
    "50": "重庆市",
    "51": "四川省",
    "52": "贵州省",
    "53": "云南省",
    "54": "西藏自治区",
    "61": "陕西省",
    "62": "甘肃省",
    "63": "青海省",
    "64": "宁夏回族自治区",
    "65": "新疆维吾尔自治区",
    "71": "台湾省",
    "81": "香港特别行政区",
    "82": "澳门特别行政区",
}


def test_all_34_province_level_divisions_are_known():
    assert len(PROVINCES) == 34
    for prefix, name in PROVINCES.items():
        assert region_name(prefix + "0000") == name


DATONG = {
    "140200": "山西省大同市",
    "140212": "山西省大同市新荣区",
    "140213": "山西省大同市平城区",
    "140214": "山西省大同市云冈区",
    "140215": "山西省大同市云州区",
    "140221": "山西省大同市阳高县",
    "140222": "山西省大同市天镇县",
    "140223": "山西省大同市广灵县",
    "140224": "山西省大同市灵丘县",
    "140225": "山西省大同市浑源县",
    "140226": "山西省大同市左云县",
    # Abolished in 2018, still on the cards of people born there before.
    "140202": "山西省大同市城区",
    "140203": "山西省大同市矿区",
    "140211": "山西省大同市南郊区",
    "140227": "山西省大同市大同县",
}


def test_every_district_and_county_of_datong_old_and_new_is_known():
    for code, name in DATONG.items():
        assert region_name(code) == name


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("140100", "山西省太原市"),
        ("140105", "山西省太原市小店区"),
        ("140703", "山西省晋中市太谷区"),  # since 2019: newer than the GB/T 2260 revisions
        ("142200", "山西省忻州地区"),  # a prefecture of the 1980s
        ("141100", "山西省吕梁市"),
        ("110101", "北京市东城区"),  # the municipality's 市辖区 is no place of its own
        ("110103", "北京市崇文区"),  # merged into 东城区 in 2010
        ("441900", "广东省东莞市"),  # a city without districts
        ("469001", "海南省五指山市"),  # under 省直辖县级行政区划
    ],
)
def test_region_names_read_from_the_province_down(code, name):
    assert region_name(code) == name


def test_made_up_codes_are_unknown():
    assert not is_known_region("149999")
    assert not is_known_region("140200x")
    assert region_name("000000") is None


def test_the_table_holds_every_code_since_1980_not_only_todays():
    # About 3,200 codes are in force; with the abolished ones the table has over 7,000.
    codes = list(_names())
    assert 7000 < len(codes) < 9000
    assert all(len(code) == 6 and code.isdigit() for code in codes)
    assert len([code for code in codes if code.startswith("14")]) > 250
