"""Separation of duties (三员分立): roles are granted and removed by the security
administrator alone, through one audited service, on the pages and in the Django admin; the
system, security and audit administrators are three different people."""

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from django.core.management.base import SystemCheckError

from taizhang.core import services
from taizhang.core.access import SYSTEM
from taizhang.core.models import AuditEntry, User, UserRole
from taizhang.core.roles import Role
from tests.conftest import client_for
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def roles_of(user) -> set[str]:
    return set(UserRole.objects.filter(user=user).values_list("role", flat=True))


def test_the_security_administrator_grants_a_role_with_a_reason_and_it_is_audited(
    people, security_admin
):
    services.grant_role(people.nobody, Role.LEADER, by=security_admin, reason="新任区领导")
    assert roles_of(people.nobody) == {"leader"}
    entry = AuditEntry.objects.get()
    assert (entry.actor, entry.action, entry.reason) == (security_admin, "update", "新任区领导")
    assert (entry.before, entry.after) == ({"roles": []}, {"roles": ["leader"]})


def test_removing_a_role_is_audited_too(people, security_admin):
    services.revoke_role(people.leader, Role.LEADER, by=security_admin, reason="调离")
    assert roles_of(people.leader) == set()
    assert AuditEntry.objects.get().after == {"roles": []}


@pytest.mark.parametrize("persona", ["admin", "auditor", "office", "xwz_officer"])
def test_nobody_else_grants_roles(people, persona):
    with pytest.raises(PermissionDenied):
        services.grant_role(people.nobody, Role.LEADER, by=getattr(people, persona), reason="x")
    assert roles_of(people.nobody) == set()


@pytest.mark.parametrize(
    ("held", "granted"),
    [
        (Role.DISTRICT_ADMIN, Role.SECURITY_ADMIN),
        (Role.DISTRICT_ADMIN, Role.AUDITOR),
        (Role.AUDITOR, Role.SECURITY_ADMIN),
        (Role.SECURITY_ADMIN, Role.DISTRICT_ADMIN),
    ],
)
def test_two_administrator_roles_are_never_combined(district, security_admin, held, granted):
    user = make_user("someone", held, unit=district.pingcheng)
    with pytest.raises(ValidationError, match="must be different people"):
        services.grant_role(user, granted, by=security_admin, reason="x")
    assert roles_of(user) == {held}


def test_an_administrator_may_also_hold_an_ordinary_role(district, security_admin, people):
    services.grant_role(people.admin, Role.LEADER, by=security_admin, reason="兼任")
    assert roles_of(people.admin) == {"district_admin", "leader"}


def test_nobody_changes_their_own_roles_and_a_reason_is_needed(people, security_admin):
    with pytest.raises(ValidationError, match="their own roles"):
        services.grant_role(security_admin, Role.LEADER, by=security_admin, reason="x")
    with pytest.raises(ValidationError, match="reason"):
        services.grant_role(people.nobody, Role.LEADER, by=security_admin, reason=" ")


def test_the_system_administrator_creates_accounts_but_grants_no_roles(district, people):
    user = services.create_user(
        by=people.admin, username="newcomer", password="Village-Pass-1", unit=district.taer
    )
    assert roles_of(user) == set() and not user.is_superuser
    with pytest.raises(PermissionDenied):
        services.create_user(
            by=people.admin,
            username="other",
            password="Village-Pass-1",
            unit=district.taer,
            roles=[Role.UNIT_OFFICER],
        )
    assert not User.objects.filter(username="other").exists()


def test_the_pages_grant_and_remove_roles(people, security_admin):
    client = client_for(security_admin)
    url = f"/security/users/{people.nobody.pk}/"
    client.post(f"{url}roles/", {"role": "auditor", "reason": "审计岗"})
    assert roles_of(people.nobody) == {"auditor"}
    response = client.post(f"{url}roles/", {"role": "district_admin", "reason": "x"}, follow=True)
    assert "must be different people" in response.content.decode()
    client.post(f"{url}roles/auditor/remove/", {"reason": "轮岗"})
    assert roles_of(people.nobody) == set()
    assert [e.reason for e in AuditEntry.objects.order_by("id")] == ["审计岗", "轮岗"]


@pytest.mark.parametrize("persona", ["admin", "auditor", "leader", "xwz_officer"])
def test_the_security_pages_are_the_security_administrators_alone(people, persona):
    client = client_for(getattr(people, persona))
    user = people.nobody.pk
    assert client.get("/security/users/").status_code == 403
    assert client.get(f"/security/users/{user}/").status_code == 403
    granted = client.post(f"/security/users/{user}/roles/", {"role": "leader", "reason": "x"})
    assert granted.status_code == 403
    removed = client.post(
        f"/security/users/{people.leader.pk}/roles/leader/remove/", {"reason": "x"}
    )
    assert removed.status_code == 403
    assert roles_of(people.nobody) == set() and roles_of(people.leader) == {"leader"}


def test_the_user_list_runs_a_constant_number_of_queries(district, people, security_admin):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(security_admin)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/security/users/").status_code == 200
        return len(queries)

    first = count()
    for n in range(10):
        make_user(f"extra{n}", Role.UNIT_OFFICER, unit=district.taer)
    assert count() == first


def admin_site_client(user):
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    return client_for(user)


def inline(rows, initial=0):
    data = {"roles-TOTAL_FORMS": len(rows), "roles-INITIAL_FORMS": initial}
    for index, row in enumerate(rows):
        data.update({f"roles-{index}-{key}": value for key, value in row.items()})
    return data


def test_a_role_granted_through_the_django_admin_is_audited(people, security_admin):
    client = admin_site_client(security_admin)
    response = client.post(
        f"/admin/core/user/{people.nobody.pk}/change/",
        inline([{"role": "leader", "user": people.nobody.pk}]),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert roles_of(people.nobody) == {"leader"}
    entry = AuditEntry.objects.get()
    assert (entry.actor, entry.after) == (security_admin, {"roles": ["leader"]})
    assert entry.reason == "Changed in the admin site"


def test_the_django_admin_refuses_a_combination_of_administrators(people, security_admin):
    client = admin_site_client(security_admin)
    response = client.post(
        f"/admin/core/user/{people.admin.pk}/change/",
        inline(
            [
                {
                    "role": "district_admin",
                    "user": people.admin.pk,
                    "id": people.admin.roles.get().pk,
                },
                {"role": "auditor", "user": people.admin.pk},
            ],
            initial=1,
        ),
    )
    assert response.status_code == 200
    assert "must be different people" in response.content.decode()
    assert roles_of(people.admin) == {"district_admin"}


def test_the_system_administrator_sees_roles_in_the_django_admin_but_cannot_change_them(people):
    client = admin_site_client(people.admin)
    client.post(
        f"/admin/core/user/{people.nobody.pk}/change/",
        {
            "username": "nobody",
            "is_active": "on",
            **inline([{"role": "leader", "user": people.nobody.pk}]),
        },
    )
    assert roles_of(people.nobody) == set()
    assert not AuditEntry.objects.filter(after__roles__isnull=False).exists()


def test_the_system_check_reports_an_account_holding_two_administrator_roles(district):
    user = make_user("both", Role.DISTRICT_ADMIN, Role.AUDITOR, unit=district.pingcheng)
    with pytest.raises(SystemCheckError, match=r"taizhang\.security\.E002"):
        call_command("check", "--database", "default", stdout=io.StringIO())
    UserRole.objects.filter(user=user, role=Role.AUDITOR).delete()
    call_command("check", "--database", "default", stdout=io.StringIO())


def test_the_platform_itself_may_grant_roles(district, people):
    services.grant_role(people.nobody, Role.LEADER, by=SYSTEM, reason="")
    assert AuditEntry.objects.get().actor_name == "system"


def test_the_server_command_line_grants_a_role_in_an_emergency(people):
    call_command(
        "roles", "grant", "nobody", "security_admin", "--reason", "应急", stdout=io.StringIO()
    )
    assert roles_of(people.nobody) == {"security_admin"}
    entry = AuditEntry.objects.get()
    assert (entry.actor_name, entry.reason) == ("system", "应急")
    with pytest.raises(CommandError, match="different people"):
        call_command("roles", "grant", "admin", "auditor", "--reason", "x", stdout=io.StringIO())
