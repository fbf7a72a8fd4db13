import pytest

from taizhang.lib.credit_code import (
    AUTHORITIES,
    CHARACTERS,
    CreditCodeError,
    check_character,
    make_credit_code,
    normalize_credit_code,
    parse_credit_code,
)

# The example on many a licence poster: an enterprise (9 1) registered in 福州市 (350100).
FUZHOU = "91350100M000100Y43"


def test_the_well_known_fuzhou_example_is_valid():
    # By hand: values 9 1 3 5 0 1 0 0 M=21 0 0 0 1 0 0 Y=30 4 times the weights
    # 1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28 give
    # 9+3+27+135+0+26+0+0+420+0+0+0+8+0+0+900+112 = 1640; 1640 mod 31 = 28; 31 - 28 = 3.
    assert check_character(FUZHOU[:17]) == "3"
    assert parse_credit_code(FUZHOU) == FUZHOU


@pytest.mark.parametrize(
    "code",
    [
        FUZHOU,
        "91110000600037341L",  # an enterprise registered in Beijing, a letter as check character
    ],
)
def test_published_codes_are_valid(code):
    assert parse_credit_code(code) == code


@pytest.mark.parametrize(
    "text",
    [
        "91350100m000100y43",
        "９１３５０１００Ｍ０００１００Ｙ４３",
        "９１３５０１００ｍ０００１００ｙ４３",
        " 91350100 M000100Y4 3 ",
        "913501\u300000M000100Y43\n",
        "\ufeff91350100M000100Y43\u200b",
    ],
)
def test_it_reads_full_width_lower_case_and_spaced_codes(text):
    assert normalize_credit_code(text) == FUZHOU
    assert parse_credit_code(text) == FUZHOU


def test_the_check_value_31_becomes_0():
    # "1" then zeros: 1 × 1 = 1, 31 - 1 = 30 → Y; and a total of 0 → 31 → 0.
    assert check_character("10000000000000000") == "Y"
    assert check_character("00000000000000000") == "0"
    assert check_character("Y0000000000000000") == "1"  # 30: 31 - 30 = 1


def test_every_character_of_the_set_can_be_a_check_character():
    made = {check_character(f"9{c}0000000000000{d}0") for c in CHARACTERS for d in CHARACTERS}
    assert made == set(CHARACTERS)


def test_a_wrong_check_character_names_the_right_one():
    with pytest.raises(CreditCodeError) as error:
        parse_credit_code("91350100M000100Y45")
    assert str(error.value) == (
        "The check character (the last one) should be 3, not 5: if the licence shows 5, another "
        "character was mistyped."
    )


def test_two_swapped_characters_are_caught():
    # "10" → "01" at weights 8 and 24: 1640 - 8 + 24 = 1656; 1656 mod 31 = 13; 31 - 13 = 18 → J.
    with pytest.raises(CreditCodeError, match="should be J, not 3"):
        parse_credit_code("91350100M000010Y43")


@pytest.mark.parametrize(
    ("text", "count"), [("91350100M000100Y4", 17), ("91350100M000100Y433", 19)]
)
def test_a_code_of_the_wrong_length_says_how_long_it_is(text, count):
    with pytest.raises(CreditCodeError) as error:
        parse_credit_code(text)
    assert str(error.value) == f"A credit code has 18 characters; this one has {count}."


def test_an_old_fifteen_digit_business_licence_number_is_refused_for_its_length():
    with pytest.raises(CreditCodeError, match="this one has 15"):
        parse_credit_code("350100100001234")


@pytest.mark.parametrize("text", ["", "  ", "\u3000"])
def test_an_empty_code_is_refused(text):
    with pytest.raises(CreditCodeError, match=r"The credit code is empty\."):
        parse_credit_code(text)


@pytest.mark.parametrize(
    ("text", "position", "character", "guess"),
    [
        ("91350100M000100I43", 16, "I", "1"),
        ("9135010OM000100Y43", 8, "O", "0"),
        ("91350100M0001S0Y43", 14, "S", "5"),
        ("91350100M00V100Y43", 12, "V", "U"),
        ("91350100MZ00100Y43", 10, "Z", "2"),
    ],
)
def test_a_letter_never_used_in_credit_codes_is_named_with_its_look_alike(
    text, position, character, guess
):
    with pytest.raises(CreditCodeError) as error:
        parse_credit_code(text)
    assert str(error.value) == (
        f"Character {position} is “{character}”, a letter credit codes never use "
        f"(no I, O, S, V or Z): perhaps {guess}?"
    )


@pytest.mark.parametrize(
    ("text", "position"), [("91350100M000100-43", 16), ("9135010*M000100Y43", 8)]
)
def test_a_character_outside_the_set_is_named_with_its_position(text, position):
    with pytest.raises(CreditCodeError, match=f"Character {position} is"):
        parse_credit_code(text)


@pytest.mark.parametrize("authority", sorted(AUTHORITIES))
def test_every_registration_authority_is_accepted(authority):
    code = make_credit_code(f"{authority}1140213MA0000001")
    assert parse_credit_code(code) == code


@pytest.mark.parametrize("authority", ["0", "B", "C", "G", "X"])
def test_a_first_character_that_is_no_registration_authority_is_refused(authority):
    code = make_credit_code(f"{authority}1140213MA0000001")
    with pytest.raises(CreditCodeError) as error:
        parse_credit_code(code)
    assert str(error.value) == (
        f"The first character “{authority}” is not a registration authority code "
        "(1, 2, 3, 4, 5, 6, 7, 8, 9, A, N, Y)."
    )


@pytest.mark.parametrize("region", ["14021A", "A40213", "1402Y3"])
def test_characters_3_to_8_must_be_a_numeric_region_code(region):
    code = make_credit_code(f"91{region}MA0000001")
    with pytest.raises(CreditCodeError) as error:
        parse_credit_code(code)
    assert str(error.value) == (
        f"Characters 3 to 8 are a region code and must be digits; they are “{region}”."
    )


@pytest.mark.parametrize(
    "first17",
    [
        "91140213MA0K12345",  # a company in 平城区
        "92140213MA0K12345",  # an individual business (个体工商户)
        "93140213MA0K12345",  # a farmers' cooperative
        "N2140213MA0K12345",  # a village collective economic organisation
        "51140213MA0K12345",  # a social organisation (社会团体)
        "12140213MA0K12345",  # a public institution (事业单位)
    ],
)
def test_make_credit_code_builds_codes_that_parse_back(first17):
    code = make_credit_code(first17)
    assert code[:17] == first17
    assert parse_credit_code(code) == code


@pytest.mark.parametrize("first17", ["9114021", "91140213MA0K1234I", "91140213ma0k12345"])
def test_make_credit_code_needs_17_characters_of_the_set(first17):
    with pytest.raises(ValueError, match="17 characters"):
        make_credit_code(first17)


def test_the_error_is_a_value_error():
    with pytest.raises(ValueError):
        parse_credit_code("123")
