"""A unit filter that walks the tree instead of listing it.

A province office sees about a thousand units and the central office sixty thousand: one <option> per unit made
the member list render 18,000 template nodes at a tenth of the national scale (bench/RESULTS.md). The filter offers
instead the user's top units, the chosen unit's ancestors, the chosen unit and its children; choosing a child walks
one level down, choosing an ancestor walks back up. Any visible unit can still be chosen by its id (a link from
another page), and it then appears with its ancestors.
"""

from django import forms
from django.db.models import BooleanField, ExpressionWrapper, Q
from django.utils.translation import gettext_lazy as _

from dangvu.access.roles import Action
from dangvu.access.scoping import scope_paths
from dangvu.units.models import Unit

# Children beyond this many are not offered (no unit has so many below it in the national shape); they stay
# reachable through the unit tree and its search.
MOST_SHOWN = 400


def ancestor_paths(path: str) -> list[str]:
    """'1.5.12.' -> ['1.', '1.5.', '1.5.12.']: the paths of a unit and of every unit above it."""
    parts = path.rstrip(".").split(".")
    return [".".join(parts[: i + 1]) + "." for i in range(len(parts))]


def walk_choices(user, chosen: Unit | None, units, *, action: str = Action.VIEW) -> list[tuple[int, str]]:
    """(pk, name indented by depth) of what a filter over `units` offers, in tree order, in one query.

    `units` is what `user` may `action`, perhaps narrowed (to open units, say); `chosen` is the unit chosen in it.
    """
    paths = scope_paths(user, action)
    tops = Q(parent__isnull=True) if paths is None else Q(path__in=paths)
    if chosen is None:
        above = tops
        # The children of the top units by depth: a path prefix (indexed) and no join of every unit to its parent.
        below = Q(depth=1)
        if paths is not None:
            below = Q(pk__in=[])
            for path in paths:
                below |= Q(path__startswith=path, depth=path.count("."))
    else:
        above = tops | Q(path__in=ancestor_paths(chosen.path))
        below = Q(parent_id=chosen.pk)
    rows = units.filter(above | below).annotate(below=ExpressionWrapper(below, output_field=BooleanField()))
    rows = list(rows.order_by("path").values_list("pk", "name", "depth", "parent_id", "sort_key", "below")[:MOST_SHOWN])
    # The units above in tree order, each followed by the units offered below it in Vietnamese order.
    children: dict[int, list] = {}
    for row in rows:
        if row[5]:
            children.setdefault(row[3], []).append(row)
    ordered = []
    for row in rows:
        if not row[5]:
            ordered.append(row)
            ordered += sorted(children.pop(row[0], []), key=lambda r: r[4])
    for rest in children.values():  # below a unit not offered itself (cannot happen with a consistent tree)
        ordered += rest
    top = min((row[2] for row in ordered), default=0)
    return [(pk, "\u2003" * (depth - top) + name) for pk, name, depth, *_rest in ordered]


class UnitWalkField(forms.IntegerField):
    """An optional unit shown as a <select> of `walk_choices`; the form calls `offer` once it knows the user.

    It cleans to the chosen `Unit`, or refuses a unit outside the offer's `units`.
    """

    widget = forms.Select
    default_error_messages = {"unseen": _("Choose a unit you may see.")}

    def __init__(self, *, empty_label, **kwargs):
        self.empty_label = empty_label
        self.units = Unit.objects.none()
        self.chosen: Unit | None = None
        super().__init__(required=False, min_value=1, **kwargs)

    def offer(self, user, selected, *, action: str = Action.VIEW, units=None) -> None:
        self.units = Unit.objects.visible_to(user, action) if units is None else units
        try:
            self.chosen = self.units.filter(pk=int(selected)).first() if selected else None
        except (TypeError, ValueError, OverflowError):
            self.chosen = None
        self.widget.choices = [("", self.empty_label), *walk_choices(user, self.chosen, self.units, action=action)]

    def clean(self, value):
        pk = super().clean(value)
        if pk is None:
            return None
        if self.chosen is None or self.chosen.pk != pk:
            raise forms.ValidationError(self.error_messages["unseen"], code="unseen")
        return self.chosen
