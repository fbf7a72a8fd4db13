import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from taizhang.core.access import SYSTEM
from taizhang.core.models import AuditEntry
from taizhang.lib.idcard import make_id_number
from taizhang.people.models import DocumentType, Person, PersonStatus
from taizhang.people.services.persons import change_status, create_person, update_person
from tests.factories import make_person

NUMBER = make_id_number("140213", datetime.date(1950, 3, 1), 123)  # odd: male


def test_it_registers_a_resident_with_sex_and_birth_date_from_the_id_number(district, people):
    person = create_person(
        by=people.xwz_officer, unit=district.xiwangzhuang, name="王某", id_number=NUMBER
    )
    assert (person.sex, person.birth_date) == ("male", datetime.date(1950, 3, 1))
    assert person.id_last4 == NUMBER[-4:]
    assert AuditEntry.objects.filter(object_id=str(person.pk), action="create").exists()


def test_it_normalises_full_width_digits_and_a_lowercase_x(district, people):
    number = make_id_number("140213", datetime.date(1988, 1, 2), 2)
    while not number.endswith("X"):
        number = make_id_number("140213", datetime.date(1988, 1, 2), int(number[14:17]) + 2)
    typed = number[:-1].translate(str.maketrans("0123456789", "０１２３４５６７８９")) + " x"
    person = create_person(by=SYSTEM, unit=district.xiwangzhuang, name="李某", id_number=typed)
    assert person.id_number == number


def test_it_refuses_a_wrong_check_character_and_writes_nothing(district, people):
    wrong = NUMBER[:-1] + ("1" if NUMBER[-1] != "1" else "2")
    with pytest.raises(ValidationError) as error:
        create_person(by=SYSTEM, unit=district.xiwangzhuang, name="王某", id_number=wrong)
    assert "check character" in str(error.value)
    assert not Person.objects.exists()


def test_it_refuses_a_sex_that_contradicts_the_id_number(district):
    with pytest.raises(ValidationError) as error:
        create_person(
            by=SYSTEM, unit=district.xiwangzhuang, name="王某", id_number=NUMBER, sex="female"
        )
    assert "sex" in error.value.message_dict


def test_a_duplicate_names_the_existing_person_to_whom_may_see_them(district, people):
    existing = make_person(district.xiwangzhuang, "王大", id_number=NUMBER)
    with pytest.raises(ValidationError) as error:
        create_person(by=people.admin, unit=district.taer, name="王大", id_number=NUMBER)
    message = " ".join(error.value.message_dict["id_number"])
    assert "西王庄村" in message and existing.get_absolute_url() in message


def test_a_duplicate_in_another_village_says_nothing_about_the_person(district, people):
    make_person(district.xiwangzhuang, "王大", id_number=NUMBER)
    with pytest.raises(ValidationError) as error:
        create_person(by=people.taer_officer, unit=district.taer, name="王大", id_number=NUMBER)
    message = " ".join(error.value.message_dict["id_number"])
    assert "王大" not in message and "西王庄村" not in message
    assert "outside yours" in message


def test_a_person_without_an_id_number_needs_another_document(district):
    with pytest.raises(ValidationError):
        create_person(by=SYSTEM, unit=district.taer, name="新生儿")
    person = create_person(
        by=SYSTEM,
        unit=district.taer,
        name="新生儿",
        document_type=DocumentType.BIRTH_CERTIFICATE,
        document_number="O140123456",
        birth_date=datetime.date(2026, 1, 1),
    )
    assert person.id_number == "" and person.document_number == "O140123456"


def test_a_village_officer_may_not_register_in_another_village(district, people):
    with pytest.raises(PermissionDenied):
        create_person(
            by=people.taer_officer, unit=district.xiwangzhuang, name="王某", id_number=NUMBER
        )


def test_a_resident_lives_in_a_village_or_community(district):
    with pytest.raises(ValidationError) as error:
        create_person(by=SYSTEM, unit=district.xiaonantou, name="王某", id_number=NUMBER)
    assert "unit" in error.value.message_dict


def test_a_death_is_dated_and_kept_as_a_status_change(district, people):
    person = make_person(district.taer)
    change_status(
        person, by=people.taer_officer, status=PersonStatus.DECEASED,
        on=datetime.date(2026, 3, 1), reason="死亡证明",
    )  # fmt: skip
    person.refresh_from_db()
    assert person.died_on == datetime.date(2026, 3, 1)
    assert person.status_changes.get().reason == "死亡证明"
    change_status(person, by=people.taer_officer, status=PersonStatus.REGISTERED,
                  on=datetime.date(2026, 3, 2))  # fmt: skip
    person.refresh_from_db()
    assert person.died_on is None and person.status_changes.count() == 2


def test_a_stale_edit_is_refused(district, people):
    person = make_person(district.taer)
    update_person(person, by=people.taer_officer, version=1, phone="13900001111")
    with pytest.raises(ValidationError):
        update_person(Person.objects.get(pk=person.pk), by=people.taer_officer, version=1,
                      address="塔儿村3号")  # fmt: skip


def test_age_bands_are_computed_on_the_day_asked(district):
    born = make_person(district.taer, born="1966-03-01")
    on_eve = datetime.date(2026, 2, 28)
    assert not Person.objects.aged(60, on=on_eve).filter(pk=born.pk).exists()
    assert Person.objects.aged(60, on=datetime.date(2026, 3, 1)).filter(pk=born.pk).exists()
    assert born.age_on(on_eve) == 59


def test_a_leap_day_birthday_turns_a_year_older_on_the_first_of_march(district):
    born = make_person(district.taer, born="1964-02-29")
    assert not Person.objects.aged(62, on=datetime.date(2026, 2, 28)).filter(pk=born.pk).exists()
    assert Person.objects.aged(62, on=datetime.date(2026, 3, 1)).filter(pk=born.pk).exists()


def test_a_masked_number_sent_back_keeps_the_stored_one(district, people):
    person = make_person(district.taer, phone="13900001111")
    masked_id = f"{person.id_number[:4]}{'*' * 10}{person.id_number[-4:]}"
    update_person(person, by=people.taer_officer, phone="139****1111", id_number=masked_id,
                  address="塔儿村5号")  # fmt: skip
    person.refresh_from_db()
    assert person.phone == "13900001111" and person.address == "塔儿村5号"
    assert len(person.id_number) == 18 and "*" not in person.id_number
