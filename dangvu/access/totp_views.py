"""Two-factor login with an authenticator app (TOTP): the second step of the login, and turning it on and off.

After the right password a user with the app turned on is not logged in yet: the session holds who is half-way in
and since when, and only a right code from the app (or a recovery code) logs them in. Wrong codes count against the
same throttle as wrong passwords.
"""

import segno
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect, render, resolve_url
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from dangvu.access import operations, throttling
from dangvu.access.forms import ThrottledLoginForm, TotpDisableForm, TotpEnrolForm, TotpLoginForm
from dangvu.access.models import TotpDevice, User

PENDING_KEY = "dangvu_totp_pending"
ENROL_SECRET_KEY = "dangvu_totp_enrol_secret"
NEW_CODES_KEY = "dangvu_totp_new_codes"
# How long the second step waits for the code after the password was right.
PENDING_SECONDS = 5 * 60


class TwoFactorLoginView(auth_views.LoginView):
    """Django's login, stopping half-way for users who turned two-factor login on."""

    template_name = "access/login.html"
    authentication_form = ThrottledLoginForm

    def form_valid(self, form):
        user = form.get_user()
        if not operations.has_totp(user):
            return super().form_valid(form)
        self.request.session[PENDING_KEY] = {
            "user": user.pk,
            "backend": user.backend,
            "at": timezone.now().timestamp(),
            "next": self.get_success_url(),
        }
        return redirect("login_code")


class AccountPasswordChangeView(auth_views.PasswordChangeView):
    """The account page: the password, and two-factor login for those offered it."""

    template_name = "access/password_change.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["totp_offered"] = operations.totp_offered(self.request.user)
        context["totp_on"] = operations.has_totp(self.request.user)
        return context


def _pending_user(request) -> User | None:
    pending = request.session.get(PENDING_KEY)
    if not pending or timezone.now().timestamp() - pending["at"] > PENDING_SECONDS:
        return None
    return User.objects.filter(pk=pending["user"], is_active=True).first()


@login_not_required
@sensitive_post_parameters()
@never_cache
def login_code(request):
    """The second step of the login: the code from the authenticator app, or a recovery code."""
    user = _pending_user(request)
    if user is None:
        pending = request.session.pop(PENDING_KEY, None)
        login_url = resolve_url("login")
        if pending is None:
            return redirect(login_url)
        messages.warning(request, _("The login has expired. Enter your password again."))
        return redirect(f"{login_url}?{urlencode({'next': pending['next']})}")
    form = TotpLoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if throttling.is_locked(user.username):
            form.add_error(None, ThrottledLoginForm.error_messages["locked"])
        elif operations.verify_second_factor(user, form.cleaned_data["code"]):
            pending = request.session.pop(PENDING_KEY)
            throttling.clear(user.username)
            auth_login(request, user, backend=pending["backend"])
            return HttpResponseRedirect(pending["next"])
        else:
            throttling.record_failure(user.username, request.META.get("REMOTE_ADDR"))
            if throttling.is_locked(user.username):
                form.add_error(None, ThrottledLoginForm.error_messages["locked"])
            else:
                form.add_error("code", _("The code is wrong or has already been used."))
    status = 422 if form.errors else 200
    return render(request, "access/login_code.html", {"form": form}, status=status)


def _qr_svg(uri: str) -> str:
    # Inline SVG with presentation attributes only: no style attribute, nothing fetched (CSP).
    return mark_safe(segno.make(uri, error="m").svg_inline(scale=5, border=4, svgclass="totp-qr"))


def _grouped(secret: str) -> str:
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def _status_page(request, device, disable_form=None, status=200):
    return render(
        request,
        "access/two_factor.html",
        {
            "device": device,
            "recovery_left": device.recovery_codes.filter(used_at__isnull=True).count(),
            "new_codes": request.session.pop(NEW_CODES_KEY, None),
            "disable_form": disable_form or TotpDisableForm(),
        },
        status=status,
    )


@sensitive_post_parameters()
@never_cache
def two_factor(request):
    """Turn two-factor login on: scan the QR code, type the code the app shows; or, once on, its state."""
    device = TotpDevice.objects.filter(user=request.user).first()
    if device is not None:
        return _status_page(request, device)
    if not operations.totp_offered(request.user):
        raise Http404
    secret = request.session.get(ENROL_SECRET_KEY) or operations.new_totp_secret()
    request.session[ENROL_SECRET_KEY] = secret
    form = TotpEnrolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = operations.enable_totp(request.user, secret=secret, code=form.cleaned_data["code"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            del request.session[ENROL_SECRET_KEY]
            request.session[NEW_CODES_KEY] = codes
            messages.success(request, _("Two-factor login is on."))
            return redirect("two_factor")
    uri = operations.totp_uri(request.user, secret)
    context = {
        "form": form,
        "otpauth_uri": uri,
        "qr_svg": _qr_svg(uri),
        "secret": _grouped(secret),
        "issuer": operations.TOTP_ISSUER,
    }
    return render(request, "access/two_factor_enrol.html", context, status=422 if form.errors else 200)


@require_POST
@sensitive_post_parameters()
def two_factor_disable(request):
    device = TotpDevice.objects.filter(user=request.user).first()
    if device is None:
        return redirect("two_factor")
    form = TotpDisableForm(request.POST)
    if form.is_valid():
        try:
            operations.disable_totp(request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Two-factor login is off."))
            return redirect("two_factor" if operations.totp_offered(request.user) else "password_change")
    return _status_page(request, device, form, status=422)
