from django.apps import AppConfig
from django.urls import reverse


class PublishingConfig(AppConfig):
    name = "dangvu.publishing"
    verbose_name = "Publishing"

    def ready(self):
        from dangvu.documents.mentions import register_source
        from dangvu.publishing.models import NewsArticle

        register_source(
            NewsArticle,
            ("headline", "lead", "body"),
            url=lambda article: reverse("news_edit", args=[article.pk]),
            visible=lambda user: NewsArticle.objects.visible_to(user),
            label=lambda article: article.headline,
        )
