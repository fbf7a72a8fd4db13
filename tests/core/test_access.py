import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from taizhang.core.access import access_record, can_read, can_write, scope
from taizhang.core.models import Unit


def names(queryset) -> set[str]:
    return set(queryset.values_list("name", flat=True))


@pytest.mark.django_db
class TestScope:
    def test_a_village_officer_sees_only_their_village(self, district, people):
        assert names(scope(Unit.objects.all(), people.xwz_officer)) == {"西王庄村"}

    def test_a_subdistrict_officer_sees_its_villages(self, district, people):
        assert names(Unit.objects.for_user(people.subdistrict_officer)) == {
            "小南头街道",
            "西王庄村",
            "塔儿村",
        }

    @pytest.mark.parametrize("persona", ["admin", "office", "leader"])
    def test_district_wide_roles_see_every_unit(self, district, people, persona):
        assert Unit.objects.for_user(getattr(people, persona)).count() == Unit.objects.count()

    @pytest.mark.parametrize("persona", ["auditor", "nobody"])
    def test_auditors_and_roleless_users_see_no_records(self, district, people, persona):
        assert not Unit.objects.for_user(getattr(people, persona)).exists()

    def test_anonymous_sees_nothing(self, district):
        from django.contrib.auth.models import AnonymousUser

        assert not Unit.objects.for_user(AnonymousUser()).exists()

    def test_an_inactive_officer_sees_nothing(self, district, people):
        people.xwz_officer.is_active = False
        assert not Unit.objects.for_user(people.xwz_officer).exists()


@pytest.mark.django_db
class TestWrite:
    def test_an_officer_writes_in_their_subtree_only(self, district, people):
        assert can_write(people.subdistrict_officer, district.taer)
        assert not can_write(people.xwz_officer, district.taer)

    @pytest.mark.parametrize("persona", ["leader", "auditor", "nobody"])
    def test_read_only_roles_write_nothing(self, district, people, persona):
        assert not can_write(getattr(people, persona), district.xiwangzhuang)

    def test_access_record_hides_other_villages(self, district, people):
        with pytest.raises(Http404):
            access_record(Unit, district.taer.pk, people.xwz_officer)

    def test_access_record_refuses_writes_to_readers(self, district, people):
        assert access_record(Unit, district.taer.pk, people.leader) == district.taer
        with pytest.raises(PermissionDenied):
            access_record(Unit, district.taer.pk, people.leader, write=True)

    def test_a_record_found_for_one_user_is_not_readable_by_another_for_that(
        self, district, people, django_assert_num_queries
    ):
        """access_record remembers that the record was found through the user's own scope,
        so the detail page asks no more; for anyone else the database is asked as before."""
        taer = access_record(Unit, district.taer.pk, people.subdistrict_officer)
        with django_assert_num_queries(0):
            assert can_read(people.subdistrict_officer, taer)
        assert not can_read(people.xwz_officer, taer)
