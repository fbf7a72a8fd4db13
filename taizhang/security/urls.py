from django.urls import path

from taizhang.security.views import account, audit_export, manage, signin

urlpatterns = [
    path("login/", signin.SignInView.as_view(), name="login"),
    path("login/code/", signin.sign_in_code, name="login-code"),
    path("logout/", signin.sign_out, name="logout"),
    path("account/password/", account.password_change, name="password-change"),
    path("account/second-factor/", account.second_factor, name="second-factor"),
    path("security/users/", manage.user_list, name="security-users"),
    path("security/users/<int:pk>/", manage.user_detail, name="security-user"),
    path("security/users/<int:pk>/roles/", manage.role_grant, name="security-role-grant"),
    path(
        "security/users/<int:pk>/roles/<str:role>/remove/",
        manage.role_revoke,
        name="security-role-revoke",
    ),
    path("security/users/<int:pk>/password/", manage.password_reset, name="security-password"),
    path(
        "security/users/<int:pk>/second-factor/remove/",
        manage.second_factor_remove,
        name="security-second-factor-remove",
    ),
    path("security/locks/", manage.lock_list, name="security-locks"),
    path("security/locks/<int:pk>/unlock/", manage.lock_lift, name="security-unlock"),
    path("audit/export.xlsx", audit_export.audit_export, name="audit-export"),
]
