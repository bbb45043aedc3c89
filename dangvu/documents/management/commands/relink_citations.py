"""Rebuild the citation index from every stored text: after an import, a parser change or a restore."""

from django.core.management.base import BaseCommand

from dangvu.documents.mentions import relink_all
from dangvu.documents.models import Mention


class Command(BaseCommand):
    help = "Find the document citations in every stored text again and link them to the registry."

    def handle(self, *args, **options):
        def progress(label: str, total: int) -> None:
            self.stdout.write(f"{label}: {total} citations so far")

        total = relink_all(progress=progress if options["verbosity"] > 1 else None)
        linked = Mention.objects.filter(document__isnull=False).count()
        self.stdout.write(self.style.SUCCESS(f"{total} citations indexed, {linked} linked to registered documents."))
