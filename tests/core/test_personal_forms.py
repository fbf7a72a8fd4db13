"""Edit forms of records with personal data (core.forms.PersonalFieldsMixin): the stored value
never shows, the masked one is the placeholder, blank keeps the stored value, a new value
replaces it — on the unit page and in the admin site."""

import pytest

from taizhang.core import services
from taizhang.core.models import AuditEntry, Unit, User
from taizhang.core.roles import Role
from tests.conftest import client_for
from tests.factories import make_user

pytestmark = pytest.mark.django_db

PHONE = "13912345678"


def edit(client, unit, **data):
    return client.post(f"/units/{unit.pk}/edit/", {"address": unit.address, **data})


def test_the_edit_form_shows_the_phone_masked_never_in_full(district, people):
    response = client_for(people.taer_officer).get(f"/units/{district.taer.pk}/edit/")
    text = response.content.decode()
    assert PHONE not in text
    assert 'placeholder="139****5678"' in text
    assert "Leave blank to keep 139****5678." in text


def test_a_blank_phone_keeps_the_stored_one(district, people):
    response = edit(client_for(people.taer_officer), district.taer, contact_phone="", remarks="新")
    assert response.status_code == 302
    unit = Unit.objects.get(pk=district.taer.pk)
    assert (unit.contact_phone, unit.remarks) == (PHONE, "新")


def test_the_masked_phone_sent_back_keeps_the_stored_one(district, people):
    edit(client_for(people.taer_officer), district.taer, contact_phone="139****5678")
    assert Unit.objects.get(pk=district.taer.pk).contact_phone == PHONE


def test_a_new_phone_replaces_the_stored_one(district, people):
    response = edit(client_for(people.taer_officer), district.taer, contact_phone="13700001111")
    assert response.status_code == 302
    assert Unit.objects.get(pk=district.taer.pk).contact_phone == "13700001111"


def test_a_refused_edit_does_not_put_the_stored_phone_in_the_form(district, people):
    client = client_for(people.taer_officer)
    version = str(Unit.objects.get(pk=district.taer.pk).version)
    edit(client, district.taer, contact_phone="13700001111")
    stale = edit(client, district.taer, contact_phone="", version=version, remarks="另一改动")
    assert stale.status_code == 200
    assert "137****1111" in stale.content.decode()
    assert "13700001111" not in stale.content.decode()
    assert "13912345678" not in stale.content.decode()


def staff(user):
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    return client_for(user)


def test_the_admin_site_masks_the_unit_phone(district, people):
    page = staff(people.admin).get(f"/admin/core/unit/{district.taer.pk}/change/")
    assert PHONE not in page.content.decode() and "139****5678" in page.content.decode()


def test_the_admin_site_masks_a_users_phone_for_both_administrators(district, people):
    people.taer_officer.phone = "13655556666"
    people.taer_officer.save(update_fields=["phone"])
    security = make_user("security", Role.SECURITY_ADMIN, unit=district.pingcheng)
    url = f"/admin/core/user/{people.taer_officer.pk}/change/"
    for user in (people.admin, security):
        page = staff(user).get(url).content.decode()
        assert "13655556666" not in page and "136****6666" in page
    assert User.objects.get(pk=people.taer_officer.pk).phone == "13655556666"


def test_the_admin_site_shows_audit_snapshots_masked(district, people):
    services.update_unit(district.taer, by=people.taer_officer, contact_phone="13700001111")
    entry = AuditEntry.objects.get(object_id=str(district.taer.pk), action="update")
    page = staff(people.admin).get(f"/admin/core/auditentry/{entry.pk}/change/").content.decode()
    assert "139****5678" in page and "137****1111" in page
    assert PHONE not in page and "13700001111" not in page


def test_the_clear_box_removes_the_stored_phone(district, people):
    client = client_for(people.taer_officer)
    page = client.get(f"/units/{district.taer.pk}/edit/").content.decode()
    assert 'name="clear_contact_phone"' in page
    response = edit(client, district.taer, contact_phone="", clear_contact_phone="on")
    assert response.status_code == 302
    assert Unit.objects.get(pk=district.taer.pk).contact_phone == ""


def test_a_form_without_a_stored_value_has_no_clear_box(district, people):
    page = client_for(people.xwz_officer).get(f"/units/{district.xiwangzhuang.pk}/edit/")
    assert "clear_contact_phone" not in page.content.decode()
