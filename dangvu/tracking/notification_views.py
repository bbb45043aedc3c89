"""The user's own notifications: the list, and marking them all read."""

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from dangvu.tracking import notifications
from dangvu.web.exports import Column, xlsx_response


def _notices(request):
    """The list's notices in its order (unread first, newest first): the page and its export share this."""
    return notifications.for_user(request.user)


@require_http_methods(["GET", "POST"])
def notification_list(request):
    """Everyone sees only their own notices, so there is no scope to check beyond the login."""
    if request.method == "POST" and request.POST.get("action") == "mark_all_read":
        count = notifications.mark_read(request.user)
        if count:
            messages.success(
                request,
                ngettext("%(count)s notice marked read.", "%(count)s notices marked read.", count) % {"count": count},
            )
        else:
            messages.info(request, _("There were no unread notices."))
        return redirect("notification_list")
    page = Paginator(_notices(request), settings.PAGE_SIZES[0]).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "unread": notifications.unread_count(request.user),
        "nav_section": "notifications",
    }
    return render(request, "tracking/notifications.html", context)


def notification_list_export(request):
    """The user's own notices, all of them: nobody else's, so no scope to check beyond the login."""
    columns = [
        Column(_("Notice"), lambda n: n.text),
        Column(_("Kind"), lambda n: n.get_kind_display()),
        Column(_("Date"), lambda n: n.created_at),
        Column(_("Read on"), lambda n: n.read_at),
        Column(_("Link"), lambda n: request.build_absolute_uri(n.url) if n.url else ""),
    ]
    return xlsx_response("thong-bao", _("Notifications"), columns, _notices(request))
