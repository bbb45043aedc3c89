"""The user's own notifications: the list, and marking them all read."""

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from dangvu.tracking import notifications


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
    page = Paginator(notifications.for_user(request.user), settings.PAGE_SIZES[0]).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "unread": notifications.unread_count(request.user),
        "nav_section": "notifications",
    }
    return render(request, "tracking/notifications.html", context)
