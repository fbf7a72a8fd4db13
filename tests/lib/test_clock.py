import datetime

from django.utils import timezone

from taizhang.lib import clock


def test_the_clock_reads_a_set_moment_inside_the_block_only():
    moment = timezone.make_aware(datetime.datetime(2022, 1, 24, 10, 0))
    with clock.set_to(moment):
        assert clock.now() == moment
        assert clock.today() == datetime.date(2022, 1, 24)
    assert clock.today() != datetime.date(2022, 1, 24)
