from django.contrib.auth import views as auth_views
from django.urls import path

from dangvu.access import views
from dangvu.access.forms import ThrottledLoginForm

urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(template_name="access/login.html", authentication_form=ThrottledLoginForm),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "password/",
        auth_views.PasswordChangeView.as_view(template_name="access/password_change.html"),
        name="password_change",
    ),
    path(
        "password/done/",
        auth_views.PasswordChangeDoneView.as_view(template_name="access/password_change_done.html"),
        name="password_change_done",
    ),
    path("audit/", views.audit_log, name="audit_log"),
]
