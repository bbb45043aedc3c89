from django.contrib.auth import views as auth_views
from django.urls import path

from dangvu.access import totp_views, user_views, views

urlpatterns = [
    path("login/", totp_views.TwoFactorLoginView.as_view(), name="login"),
    path("login/code/", totp_views.login_code, name="login_code"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", totp_views.AccountPasswordChangeView.as_view(), name="password_change"),
    path("account/two-factor/", totp_views.two_factor, name="two_factor"),
    path("account/two-factor/disable/", totp_views.two_factor_disable, name="two_factor_disable"),
    path(
        "password/done/",
        auth_views.PasswordChangeDoneView.as_view(template_name="access/password_change_done.html"),
        name="password_change_done",
    ),
    path("audit/", views.audit_log, name="audit_log"),
    path("audit/export.xlsx", views.audit_log_export, name="audit_log_export"),
    path("audit/personal-data/", views.personal_data_log, name="personal_data_log"),
    path("users/", user_views.user_list, name="user_list"),
    path("users/export.xlsx", user_views.user_list_export, name="user_list_export"),
    path("users/new/", user_views.user_create, name="user_create"),
    path("users/<int:pk>/", user_views.user_detail, name="user_detail"),
    path("users/<int:pk>/grants/", user_views.grant_add, name="grant_add"),
    path("users/<int:pk>/grants/<int:grant_pk>/end/", user_views.grant_end, name="grant_end"),
]
