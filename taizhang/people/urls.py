from django.urls import path

from taizhang.people.views import groups, households, merge, organisations, persons

urlpatterns = [
    path("", persons.person_list, name="people-person-list"),
    path("persons/new/", persons.person_create, name="people-person-create"),
    path("persons/<int:pk>/", persons.person_detail, name="people-person"),
    path("persons/<int:pk>/edit/", persons.person_edit, name="people-person-edit"),
    path("persons/<int:pk>/status/", persons.person_status, name="people-person-status"),
    path("persons/<int:pk>/groups/", persons.person_group_add, name="people-person-group-add"),
    path("memberships/<int:pk>/end/", persons.membership_end, name="people-membership-end"),
    path("merge/", merge.person_merge, name="people-merge"),
    path("households/", households.household_list, name="people-household-list"),
    path("households/new/", households.household_create, name="people-household-create"),
    path("households/<int:pk>/", households.household_detail, name="people-household"),
    path("households/<int:pk>/edit/", households.household_edit, name="people-household-edit"),
    path(
        "households/<int:pk>/members/",
        households.member_add,
        name="people-household-member-add",
    ),
    path(
        "households/<int:pk>/members/new/",
        households.member_new,
        name="people-household-member-new",
    ),
    path("members/<int:pk>/relation/", households.member_relation, name="people-member-relation"),
    path("members/<int:pk>/remove/", households.member_remove, name="people-member-remove"),
    path("groups/", groups.group_list, name="people-group-list"),
    path("groups/new/", groups.group_create, name="people-group-create"),
    path("groups/<int:pk>/", groups.group_detail, name="people-group"),
    path("groups/<int:pk>/edit/", groups.group_edit, name="people-group-edit"),
    path("organisations/", organisations.organisation_list, name="people-organisation-list"),
    path(
        "organisations/new/",
        organisations.organisation_create,
        name="people-organisation-create",
    ),
    path(
        "organisations/<int:pk>/",
        organisations.organisation_detail,
        name="people-organisation",
    ),
    path(
        "organisations/<int:pk>/edit/",
        organisations.organisation_edit,
        name="people-organisation-edit",
    ),
]
