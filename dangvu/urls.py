from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from dangvu.api.api import api

urlpatterns = [
    path("", include("dangvu.web.urls")),
    path("", include("dangvu.access.urls")),
    path("units/", include("dangvu.units.urls")),
    path("members/", include("dangvu.members.urls")),
    path("documents/", include("dangvu.documents.urls")),
    path("tracking/", include("dangvu.tracking.urls")),
    path("meetings/", include("dangvu.meetings.urls")),
    path("awards/", include("dangvu.awards.urls")),
    path("publishing/documents/", include("dangvu.publishing.urls_documents")),
    path("publishing/news/", include("dangvu.publishing.urls_news")),
    path("tin-tuc/", include("dangvu.publishing.urls_public")),
    path("api/", api.urls),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
