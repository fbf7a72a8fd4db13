import datetime

from taizhang.lib.workdays import add_working_days, is_working_day, working_days_between


def test_public_holidays_are_off_and_exchanged_weekends_are_worked():
    assert not is_working_day(datetime.date(2022, 2, 1))  # 春节
    assert is_working_day(datetime.date(2022, 1, 29))  # a Saturday worked in exchange
    assert not is_working_day(datetime.date(2022, 1, 8))  # an ordinary Saturday


def test_thirty_working_days_skip_the_spring_festival():
    # Received on Monday 24 January 2022: 春节 runs 31 January to 6 February.
    due = add_working_days(datetime.date(2022, 1, 24), 30)
    assert due == datetime.date(2022, 3, 10)
    assert working_days_between(datetime.date(2022, 1, 24), due) == 30


def test_a_year_without_a_published_schedule_counts_weekdays():
    assert is_working_day(datetime.date(2031, 3, 3))
    assert not is_working_day(datetime.date(2031, 3, 1))
