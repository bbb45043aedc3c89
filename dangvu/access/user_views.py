"""Accounts and their grants, managed by administrators and by offices for their subtree."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dangvu.access import operations
from dangvu.access.forms import EndGrantForm, GrantForm, UserCreateForm
from dangvu.access.models import Grant, User
from dangvu.access.roles import Action
from dangvu.access.scoping import has_any, scope_q, today
from dangvu.members.models import Member
from dangvu.units.models import Unit
from dangvu.web.exports import Column, xlsx_response


def visible_users(actor):
    """Accounts holding a grant somewhere in the actor's access-management scope."""
    return User.objects.filter(scope_q(actor, Action.MANAGE_ACCESS, "grants__unit__path")).distinct()


def _gate(request) -> None:
    if not has_any(request.user, Action.MANAGE_ACCESS):
        raise Http404


def _grant_form(request, data=None, form_class=GrantForm, **extra):
    units = Unit.objects.visible_to(request.user, Action.MANAGE_ACCESS).open()
    return form_class(data, roles=operations.grantable_roles(request.user), units=units, **extra)


def _accounts(request) -> tuple[str, object]:
    """The search and the matching accounts with their active grants, by user name: the list and its export share
    this, so they cannot disagree."""
    _gate(request)
    users = visible_users(request.user).prefetch_related(
        Prefetch("grants", queryset=Grant.objects.active_on(today()).select_related("unit"), to_attr="active_grants")
    )
    query = request.GET.get("q", "").strip()
    if query:
        users = users.filter(Q(username__icontains=query) | Q(full_name__icontains=query))
    return query, users.order_by("username")


def user_list(request):
    query, users = _accounts(request)
    page = Paginator(users, 50).get_page(request.GET.get("page"))
    return render(request, "access/user_list.html", {"page": page, "q": query, "nav_section": "users"})


def user_list_export(request):
    """The accounts the list's search matches, all of them (MANAGE_ACCESS, like the page)."""
    _query, users = _accounts(request)
    columns = [
        Column(_("User name"), lambda u: u.username),
        Column(_("Full name"), lambda u: u.full_name),
        Column(_("Active"), lambda u: _("yes") if u.is_active else _("no")),
        Column(_("Current roles"), lambda u: "; ".join(f"{g.get_role_display()} · {g.unit}" for g in u.active_grants)),
    ]
    return xlsx_response("tai-khoan", _("Accounts"), columns, users)


def user_create(request):
    _gate(request)
    members = Member.objects.visible_to(request.user, Action.MANAGE_ACCESS)
    form = _grant_form(request, request.POST or None, UserCreateForm, members=members)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = operations.create_user(
                request.user,
                username=data["username"],
                full_name=data["full_name"],
                password=data["password1"],
                role=data["role"],
                unit=data["unit"],
                starts_on=data["starts_on"],
                member=data["card_number"],
            )
        except (ValidationError, PermissionDenied) as error:
            form.add_error(None, error if isinstance(error, ValidationError) else str(error))
        else:
            messages.success(request, _("Account %(name)s created.") % {"name": user.username})
            return redirect("user_detail", user.pk)
    status = 422 if request.method == "POST" else 200
    return render(request, "access/user_form.html", {"form": form, "nav_section": "users"}, status=status)


def user_detail(request, pk: int):
    _gate(request)
    account = get_object_or_404(visible_users(request.user), pk=pk)
    grants = account.grants.select_related("unit").order_by("-starts_on")
    form = _grant_form(request)
    return render(
        request,
        "access/user_detail.html",
        {"account": account, "grants": grants, "form": form, "end_form": EndGrantForm(), "nav_section": "users"},
    )


@require_POST
def grant_add(request, pk: int):
    _gate(request)
    account = get_object_or_404(visible_users(request.user), pk=pk)
    form = _grant_form(request, request.POST)
    if form.is_valid():
        try:
            operations.grant_role(request.user, account, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as error:
            form.add_error(None, error if isinstance(error, ValidationError) else str(error))
        else:
            messages.success(request, _("Role granted."))
            return redirect("user_detail", account.pk)
    grants = account.grants.select_related("unit").order_by("-starts_on")
    context = {"account": account, "grants": grants, "form": form, "end_form": EndGrantForm(), "nav_section": "users"}
    return render(request, "access/user_detail.html", context, status=422)


@require_POST
def grant_end(request, pk: int, grant_pk: int):
    _gate(request)
    account = get_object_or_404(visible_users(request.user), pk=pk)
    grant = get_object_or_404(
        account.grants.filter(scope_q(request.user, Action.MANAGE_ACCESS, "unit__path")), pk=grant_pk
    )
    form = EndGrantForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Enter the end date as dd/mm/yyyy."))
        operations.end_grant(request.user, grant, ends_on=form.cleaned_data["ends_on"])
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(error.messages) if isinstance(error, ValidationError) else str(error))
    else:
        messages.success(request, _("Role ended."))
    return redirect("user_detail", account.pk)
