"""Access-control proof: what a user can open through the web UI and the API is exactly what their grants allow.

Endpoints are enumerated from the URL configuration (`django.urls.get_resolver()`, recursively, including the
django-ninja routes under ``api/``), so a new endpoint is covered without touching this file.

Classification. Each path parameter of an endpoint is one of:

* an object parameter, mapped to the model it addresses. ``<x>_id`` / ``<x>_pk`` name the model ``x`` (underscores
  dropped: ``award_type_id`` → AwardType), looked up in every dangvu app; ``pk`` names the model of the route segment
  before it, singular (``members/<pk>/`` → Member), looked up in the view's own app (the app of the view's module,
  or for the API the segment after ``api/``). ``EXCEPTIONS`` overrides this where the rule would be wrong or finds
  nothing (``publishing/documents/<pk>`` → OfficialDraft, ``meetings/congresses/<pk>`` → CongressPlan, ...);
* a value parameter (``VALUE_PARAMS``: a quarter step, a period, a year, a day, a slug, a check-in token), filled
  with a fixed sample value.

A path parameter that is neither makes `test_every_endpoint_with_a_path_parameter_is_classified` fail, naming the
endpoint, so that no new endpoint escapes the proof unclassified. The public news site (``tin-tuc/``) is public by
design and left out; so are the static/media routes and the language switch (``i18n/``). The object and list
properties run 6 examples each without shrinking (one example already lists every violation it meets).

Object endpoints (`test_object_endpoints_open_exactly_what_the_grants_allow`, GET only): hypothesis builds a random
unit tree (4-9 units, depth <= 3), 1-3 users with 0-2 grants of random roles on random units (some linked to a member
record), and units, members, tasks with assignments, meetings, congress plans, official drafts and news articles
placed in random units, plus one registry document (the registry is open to every active user). Each example runs
in a savepoint that is rolled back. For every user, every object and every GET endpoint whose first object parameter
addresses the object's kind (a second object parameter, e.g. an attachment or a photo, gets an id that exists for
nothing):

* never a 500;
* if the user may not do the endpoint's action (``ACTIONS``, VIEW unless listed) on the object (per
  ``Model.objects.visible_to(user[, action])``, or `scoping.can` on the object's unit for models whose `visible_to`
  takes no action), the answer is 403, 404, 405 or a redirect, never 200, and the body names no object the user
  cannot see;
* if the user may and a superuser gets 200, the user gets 200 (a POST-only endpoint answers 405 to everyone; a page
  that also depends on the object's state, e.g. a rating page for a cell only, is checked only where the superuser
  gets it).

`ACTIONS` names, for each endpoint that asks more than seeing its object, the action (CHANGE, CONVENE, ASSIGN, RATE,
RESTRUCTURE) or the rule (news editors: CHANGE or CONVENE anywhere; reporting: REPORT on the assigned unit; badges
and discipline: RATE on the member's base organisation) the view applies; an endpoint not listed must open for
exactly those who see its object.

Kinds with a classified endpoint but not generated here (reports, evidence, review cycles, awards, award types,
badges, photos, attachments, grants, positions, accounts) are addressed with an id that exists for no object: every
user must get 404 (or 405/403/redirect), never a 500.

Endpoints without path parameters (`test_list_endpoints_show_nothing_out_of_scope`): every list, search, export,
dashboard and API list is fetched by every user, with ``q`` set to the family name all generated members share; no
500, and no name of an object the user cannot see in the body — HTML, JSON (decoded), XLSX (every cell, read with
openpyxl) and DOCX (the document text). Names a user may read without seeing the object itself, by design: the unit of
their own member record, and the unit that directs or assigned a task they see.

`test_the_probe_reads_pages_exports_and_json` keeps the proof from being vacuous: a superuser's search page, XLSX
export and API list do show the generated names.

Changes: `test_nobody_changes_what_they_may_not_see` POSTs to every endpoint about an object, as every user who may
not see that object; the answer must be a refusal before any form is read (302 to the login page, 403, 404, 405; the
API may also refuse the body against its schema first, 400/422) and the audit log must not grow. CSRF is
`tests/test_csrf.py`'s.

The gate itself. Beside the HTTP checks, the object property compares `Model.objects.visible_to(user)` with what the
grants say computed from `scoping.can` alone (`entitled`: the object's unit under a VIEW grant; a member's own record;
meetings one is invited to; tasks given to a unit in scope).

Findings. A finding not yet fixed goes into `KNOWN_GATE_FINDINGS` (for the gate) or `KNOWN_LEAKS` (for an
endpoint), is left out of the properties, and gets a strict xfail reproducing it. No endpoint was found to show a
user anything outside their grants. Two findings on the gate denied what the grants allow (an empty ``Q()`` for an
everywhere scope, OR-ed with another condition, dropped to that condition alone): an everywhere user (superuser,
admin of a root unit) with a member record saw only the meetings that member is invited to, and only the tasks that
have an assignment. `scoping.scope_q` now returns a condition that always holds for an everywhere scope; the two
tests at the end of this module keep both fixed.

A name may also be read in the audit log (scoped by VIEW_AUDIT), which the grants allow; the list property therefore
accepts a name the user is `entitled` to as well as one `visible_to` shows.
"""

import io
import json
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date

import pytest
from django.apps import apps
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from dangvu.access.models import Grant, User
from dangvu.access.roles import Action, Role
from dangvu.access.scoping import can
from dangvu.core.tests.helpers import in_rollback

pytestmark = pytest.mark.django_db

# --- enumeration and classification ---------------------------------------------------------------------------------

PUBLIC_PREFIXES = ("tin-tuc/",)  # the public news site: public by design
IGNORED_PREFIXES = ("media/", "^media/", "static/", "i18n/")

# Path parameters that are values, not objects, with the sample value used.
VALUE_PARAMS = {
    "step": "compile",
    "token": "khong-hop-le",
    "period": "2022",
    "year": "2022",
    "day": "2022-04-05",
    "slug": "tin",
}

# (URL name, parameter) → "app_label.Model", where the naming rule would be wrong or finds nothing.
EXCEPTIONS = {
    ("review_detail", "pk"): "tracking.ReviewCycle",
    ("review_step", "pk"): "tracking.ReviewCycle",
    ("evidence_upload", "pk"): "tracking.Report",
    ("congress_plan_detail", "pk"): "meetings.CongressPlan",
    ("congress_update", "pk"): "meetings.Congress",
    ("congress_election", "pk"): "meetings.Congress",
    ("award_type_edit", "pk"): "awards.AwardType",
    ("award_candidates", "pk"): "awards.AwardType",
    ("badge_ceremony", "pk"): "awards.PartyBadge",
    ("official_preview", "pk"): "publishing.OfficialDraft",
    ("official_edit", "pk"): "publishing.OfficialDraft",
    ("official_issue", "pk"): "publishing.OfficialDraft",
    ("official_docx", "pk"): "publishing.OfficialDraft",
    ("official_pdf", "pk"): "publishing.OfficialDraft",
    ("news_edit", "pk"): "publishing.NewsArticle",
    ("news_preview", "pk"): "publishing.NewsArticle",
    ("news_photo_add", "pk"): "publishing.NewsArticle",
    ("news_photo", "pk"): "publishing.NewsArticle",
    ("news_photo_remove", "pk"): "publishing.NewsArticle",
    ("news_publish", "pk"): "publishing.NewsArticle",
    ("news_withdraw", "pk"): "publishing.NewsArticle",
    ("news_photo", "photo_id"): "publishing.NewsPhoto",
    ("news_photo_remove", "photo_id"): "publishing.NewsPhoto",
    ("api:review_detail", "cycle_id"): "tracking.ReviewCycle",
    ("api:congress_plan_detail", "plan_id"): "meetings.CongressPlan",
}


# What an endpoint requires of the user beyond seeing its object: an action on the object (per the gate), or, where
# a view asks something else of the user, a rule `(user, obj) -> bool` on top of seeing the object.
def _editor(user, obj) -> bool:
    """The newsroom: CHANGE or CONVENE anywhere (`publishing.news_views._require_editor`)."""
    from dangvu.access.scoping import has_any

    return has_any(user, Action.CHANGE) or has_any(user, Action.CONVENE)


def _rates_base_organisation(user, member) -> bool:
    from dangvu.awards.organisations import base_organisation

    return can(user, Action.RATE, base_organisation(member.unit))


def _reports(user, assignment) -> bool:
    return assignment.cancelled_on is None and can(user, Action.REPORT, assignment.unit)


ACTIONS = {
    "unit_create": Action.RESTRUCTURE,
    "unit_rename": Action.RESTRUCTURE,
    "unit_move": Action.RESTRUCTURE,
    "unit_merge": Action.RESTRUCTURE,
    "unit_split": Action.RESTRUCTURE,
    "unit_dissolve": Action.RESTRUCTURE,
    "term_create": Action.CHANGE,
    "position_create": Action.CHANGE,
    "member_edit": Action.CHANGE,
    "member_event": Action.CHANGE,
    "document_edit": Action.CHANGE,
    "task_edit": Action.ASSIGN,
    "task_assign": Action.ASSIGN,
    "assignment_report": _reports,
    "meeting_edit": Action.CONVENE,
    "meeting_cancel": Action.CONVENE,
    "meeting_agenda": Action.CONVENE,
    "meeting_qr": Action.CONVENE,
    "meeting_minutes": Action.CONVENE,
    "rating_propose": Action.VIEW,
    "rating_decide": Action.RATE,
    "rating_units": Action.RATE,
    "badge_health_note": _rates_base_organisation,
    "discipline_record": _rates_base_organisation,
    "official_from_meeting": Action.CHANGE,
    "official_edit": Action.CHANGE,
    "news_from_meeting_id": _editor,
    "news_edit": _editor,
    "news_preview": _editor,
}


@dataclass
class Endpoint:
    route: str
    name: str  # with its namespace, e.g. "api:member_detail"
    module: str
    params: list[str]
    objects: dict[str, str] = field(default_factory=dict)  # parameter → "app_label.Model"
    values: dict[str, str] = field(default_factory=dict)
    unclassified: list[str] = field(default_factory=list)

    @property
    def short_name(self) -> str:
        return self.name.split(":")[-1]

    @property
    def primary(self) -> str | None:
        """The parameter naming the object the endpoint is about: the first object parameter of the route."""
        return next(iter(self.objects), None)


_PARAM = re.compile(r"<(?:(?P<conv>[^>:]+):)?(?P<name>[^>]+)>|\(\?P<(?P<rname>[^>]+)>")


def _walk(resolver, prefix: str = "", namespace: str = ""):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            ns = namespace + (f"{pattern.namespace}:" if pattern.namespace else "")
            yield from _walk(pattern, prefix + str(pattern.pattern), ns)
        elif isinstance(pattern, URLPattern):
            callback = pattern.callback
            yield prefix + str(pattern.pattern), namespace + (pattern.name or ""), callback


def _app_of(route: str, module: str) -> str | None:
    if route.startswith("api/"):
        return route.split("/")[1] or None
    parts = module.split(".")
    return parts[1] if parts[0] == "dangvu" and len(parts) > 1 else None


def _models(app_label: str | None = None) -> dict[str, str]:
    """Lower-case model name → "app_label.Model", for one dangvu app or all of them."""
    found = {}
    for config in apps.get_app_configs():
        if not config.name.startswith("dangvu.") or (app_label and config.label != app_label):
            continue
        for model in config.get_models():
            found[model._meta.model_name] = model._meta.label
    return found


def _segment_before(route: str, param: str) -> str:
    head = re.split(r"<(?:[^>:]+:)?" + re.escape(param) + ">", route)[0].rstrip("/")
    return head.rsplit("/", 1)[-1]


def _singular(word: str) -> str:
    for plural, single in (("ies", "y"), ("sses", "ss"), ("ches", "ch"), ("s", "")):
        if word.endswith(plural):
            return word[: -len(plural)] + single
    return word


def classify(endpoint: Endpoint) -> Endpoint:
    app = _app_of(endpoint.route, endpoint.module)
    for param in endpoint.params:
        key = (endpoint.name, param)
        if key in EXCEPTIONS:
            endpoint.objects[param] = EXCEPTIONS[key]
        elif param in VALUE_PARAMS:
            endpoint.values[param] = VALUE_PARAMS[param]
        elif param == "pk":
            label = _models(app).get(_singular(_segment_before(endpoint.route, param)).replace("-", ""))
            (endpoint.objects.__setitem__(param, label) if label else endpoint.unclassified.append(param))
        elif param.endswith(("_id", "_pk")):
            label = _models().get(param[:-3].replace("_", ""))
            (endpoint.objects.__setitem__(param, label) if label else endpoint.unclassified.append(param))
        else:
            endpoint.unclassified.append(param)
    return endpoint


def endpoints() -> list[Endpoint]:
    found, seen = [], set()
    for route, name, callback in _walk(get_resolver()):
        if route.startswith(PUBLIC_PREFIXES + IGNORED_PREFIXES) or route in seen:
            continue
        seen.add(route)  # ninja gives one pattern per operation; GET on the route reaches all of them
        params = [m.group("name") or m.group("rname") for m in _PARAM.finditer(route)]
        found.append(classify(Endpoint(route, name, getattr(callback, "__module__", ""), params)))
    return found


def test_every_endpoint_with_a_path_parameter_is_classified():
    problems = [
        f"{e.route} ({e.name}, {e.module}): parameter(s) {', '.join(e.unclassified)} address no known model; "
        "add the URL to EXCEPTIONS or VALUE_PARAMS in tests/test_access_proof.py"
        for e in endpoints()
        if e.unclassified or (e.params and not e.name)
    ]
    assert not problems, "\n".join(problems)


def test_the_enumeration_reaches_every_app_and_the_api():
    routes = [e.route for e in endpoints()]
    for prefix in ("units/", "members/", "documents/", "tracking/", "meetings/", "awards/", "publishing/", "api/"):
        assert any(r.startswith(prefix) for r in routes), prefix
    kinds = {label for e in endpoints() for label in e.objects.values()}
    assert {"units.Unit", "members.Member", "tracking.Task", "meetings.Meeting", "publishing.NewsArticle"} <= kinds


# --- the world hypothesis builds -------------------------------------------------------------------------------------

ROLES = [Role.ADMIN, Role.OFFICE, Role.SECRETARY, Role.LEADER, Role.MEMBER]
FAMILY = "Khổng"  # every generated member's family name: the shared search term
# Distinctive words, none a part of another, none ASCII-only (so never inside a token or an id on a page).
WORDS = [f"Quỳ{a}{b}ẽ" for a in "bcdfghklmnprstvx" for b in "aeiou"]


@dataclass
class World:
    parents: list[int | None]
    users: list[tuple[list[tuple[str, int]], int | None]]  # grants (role, unit index), linked member index
    members: list[int]
    tasks: list[tuple[int, int]]  # owner unit, assignee pick
    meetings: list[int]
    plans: list[int]
    drafts: list[int]
    news: list[int]


@st.composite
def worlds(draw):
    n = draw(st.integers(4, 9))
    parents, depth = [None], [0]
    for i in range(1, n):
        parent = draw(st.sampled_from([j for j in range(i) if depth[j] < 3]))
        parents.append(parent)
        depth.append(depth[parent] + 1)
    unit = st.integers(0, n - 1)
    places = st.lists(unit, min_size=1, max_size=2)
    members = draw(places)
    grant = st.tuples(st.sampled_from(ROLES), unit)
    users = draw(
        st.lists(
            st.tuples(st.lists(grant, max_size=2), st.none() | st.integers(0, len(members) - 1)), min_size=1, max_size=3
        )
    )
    return World(
        parents=parents,
        users=users,
        members=members,
        tasks=draw(st.lists(st.tuples(unit, st.integers(0, 8)), min_size=1, max_size=2)),
        meetings=draw(places),
        plans=draw(st.lists(unit, max_size=1)),
        drafts=draw(st.lists(unit, max_size=2)),
        news=draw(st.lists(unit, max_size=1)),
    )


@dataclass
class Built:
    root: User
    users: list[User]
    objects: list[tuple[str, object, str]]  # (kind label, object, its distinctive name)


def _unit_kind(depth: int, leaf: bool) -> str:
    if leaf:
        return "base_cell" if depth <= 1 else "cell"
    return ["province", "bloc", "base_committee"][depth]


def build(world: World) -> Built:
    from dangvu.documents.tests.factories import make_document
    from dangvu.meetings.operations import plan_congresses
    from dangvu.meetings.tests.factories import at, make_meeting
    from dangvu.members.tests.factories import make_member
    from dangvu.publishing import news_operations
    from dangvu.publishing.tests.factories import make_draft
    from dangvu.tracking.tests.factories import make_assignment, make_task
    from dangvu.units.tests.factories import make_unit

    words = iter(WORDS)
    objects = []
    units, depth = [], []
    for i, parent in enumerate(world.parents):
        leaf = i not in world.parents
        depth.append(0 if parent is None else depth[parent] + 1)
        word = next(words)
        units.append(
            make_unit(
                f"Đảng bộ {word}",
                _unit_kind(depth[i], leaf),
                units[parent] if parent is not None else None,
                established_on=date(1990 + depth[i], 1, 1),
            )
        )
        objects.append(("units.Unit", units[-1], word))
    cells = [u for i, u in enumerate(units) if i not in world.parents]
    below = {u.pk: [v for v in units if v.path.startswith(u.path) and v.pk != u.pk] for u in units}

    def committee(i: int):
        return units[world.parents[i]] if i not in world.parents and world.parents[i] is not None else units[i]

    members = []
    for i in world.members:
        word = next(words)
        members.append(make_member(cells[i % len(cells)], full_name=f"{FAMILY} Văn {word}"))
        objects.append(("members.Member", members[-1], word))
    for owner, pick in world.tasks:
        owner_unit = committee(owner)
        word = next(words)
        task = make_task(owner_unit, title=f"Nhiệm vụ {word}")
        objects.append(("tracking.Task", task, word))
        if below[owner_unit.pk]:
            assignment = make_assignment(task, below[owner_unit.pk][pick % len(below[owner_unit.pk])])
            objects.append(("tracking.Assignment", assignment, word))
    meetings = []
    for i in world.meetings:
        word = next(words)
        meetings.append(make_meeting(cells[i % len(cells)], at(2022, 4, 5, 14), title=f"Sinh hoạt chi bộ {word}"))
        objects.append(("meetings.Meeting", meetings[-1], word))
    for i in world.plans:
        unit = committee(i) if below[committee(i).pk] else units[0]
        word = next(words)
        plan = plan_congresses(None, unit, term_name="2025-2030", title=f"Kế hoạch {word}", units=below[unit.pk][:2])
        objects.append(("meetings.CongressPlan", plan, word))
    root = User.objects.create_superuser("goc", password="x")
    for i in world.drafts:
        word = next(words)
        objects.append(("publishing.OfficialDraft", make_draft(committee(i), subject=f"Báo cáo {word}"), word))
    for i in world.news:
        meeting = meetings[i % len(meetings)]
        word = next(words)
        article = news_operations.draft_from_meeting(None, meeting)
        article = news_operations.update_article(None, article, article.version, headline=f"Tin {word}")
        objects.append(("publishing.NewsArticle", article, word))
    document = make_document(subject=f"về {next(words)}")
    objects.append(("documents.Document", document, ""))  # the registry is open to every user: no secret name

    users, linked = [], set()
    for k, (grants, member) in enumerate(world.users):
        if member in linked:  # a member record belongs to one account
            member = None
        linked.add(member)
        user = User.objects.create_user(
            f"nguoidung{k}", password="x", member=members[member] if member is not None else None
        )
        for role, unit in grants:
            Grant.objects.create(user=user, role=role, unit=units[unit], starts_on=date(2000, 1, 1))
        users.append(user)
    return Built(root, users, objects)


# --- the oracle -----------------------------------------------------------------------------------------------------


def _unit_of(obj):
    for attribute in ("owner_unit", "unit"):
        if hasattr(obj, attribute):
            return getattr(obj, attribute)
    return obj


def allowed(user, label: str, obj, action: str = Action.VIEW) -> bool:
    """The oracle: may `user` do `action` on `obj`, by the single gate (`visible_to`, `scoping.can`)?"""
    if label == "documents.Document" and action != Action.VIEW:
        from dangvu.documents.operations import can_change  # the registry: CHANGE on the issuer, or anywhere

        return can_change(user, obj)
    model = apps.get_model(label)
    manager = model.objects
    try:
        visible = manager.visible_to(user, action)
    except TypeError:  # visible_to(user) only: view; stronger actions are decided on the object's unit
        visible = manager.visible_to(user)
        if action != Action.VIEW:
            return visible.filter(pk=obj.pk).exists() and can(user, action, _unit_of(obj))
    return visible.filter(pk=obj.pk).exists()


def entitled(user, label: str, obj) -> bool:
    """What the grants say, computed from `scoping.can` alone: the unit the object belongs to is under a grant that
    allows VIEW; plus a member's own record, the meetings they are invited to, the tasks given to a unit in scope."""
    from dangvu.access.scoping import can_member

    if not user.is_active:
        return False
    if label == "documents.Document":
        return True
    if label == "members.Member":
        return can_member(user, Action.VIEW, obj)
    if label == "meetings.Meeting":
        return can(user, Action.VIEW, obj.unit) or obj.invitations.filter(member_id=user.member_id or 0).exists()
    if label == "tracking.Task":
        return can(user, Action.VIEW, obj.owner_unit) or any(
            can(user, Action.VIEW, a.unit) for a in obj.assignments.all()
        )
    return can(user, Action.VIEW, _unit_of(obj))


def readable(user, label: str, obj) -> bool:
    """May the user read the object's name: they see the object; or, for a unit, it is the unit of their own member
    record, or the unit that directs or assigned a task they see (a cell knows who gave it the task)."""
    if label == "units.Unit":
        from dangvu.tracking.models import Assignment, Task

        if user.member_id and user.member.unit_id == obj.pk:
            return True
        if Task.objects.visible_to(user).filter(owner_unit=obj).exists():
            return True
        if Assignment.objects.visible_to(user).filter(assigned_by=obj).exists():
            return True
    return allowed(user, label, obj) or entitled(user, label, obj)


def body_text(response) -> str:
    """What a person would read in the response: the HTML or text, decoded JSON, every cell of an XLSX, DOCX text."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    kind = response.get("Content-Type", "")
    if "spreadsheetml" in kind or content[:2] == b"PK" and b"xl/" in content[:2000]:
        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(content), read_only=True)
        return "\n".join(
            str(cell) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for cell in row
        )
    if "wordprocessingml" in kind:
        with zipfile.ZipFile(io.BytesIO(content)) as docx:
            return re.sub(r"<[^>]+>", "", docx.read("word/document.xml").decode())
    if "json" in kind:
        try:
            return json.dumps(json.loads(content), ensure_ascii=False)
        except ValueError:
            pass
    return content.decode("utf-8", errors="replace")


OPEN = 200
DENIED = {302, 400, 403, 404, 405, 422}  # 400/422: a request the API refuses before reading any object


def _get(client, url: str, **params):
    response = client.get(url, params, follow=False)
    return response.status_code, response


def _url(endpoint: Endpoint, obj_pk: int) -> str:
    kwargs = dict(endpoint.values)
    for param in endpoint.objects:
        kwargs[param] = obj_pk if param == endpoint.primary else 999_999
    return reverse(endpoint.name, kwargs=kwargs)


def object_violations(built: Built, skip: set[str] = frozenset(), only: set[str] | None = None) -> list[str]:
    eps = [e for e in endpoints() if e.objects and not e.unclassified]
    eps = [e for e in eps if e.name not in skip and (only is None or e.name in only)]
    client = Client(HTTP_ACCEPT_LANGUAGE="vi")
    reference = {}
    client.force_login(built.root)
    for e in eps:
        for label, obj, _word in built.objects:
            if e.objects[e.primary] == label:
                reference[e.name, obj.pk] = _get(client, _url(e, obj.pk))[0]
    problems = []
    kinds = {label for label, _o, _w in built.objects}
    for user in built.users:  # the gate itself: visible_to agrees with the grants
        for label, obj, word in built.objects:
            if label not in KNOWN_GATE_FINDINGS and allowed(user, label, obj) != entitled(user, label, obj):
                problems.append(f"{label}.objects.visible_to disagrees with the grants on {word} for {_grants(user)}")
    for user in built.users:
        client.force_login(user)
        hidden = [w for label, o, w in built.objects if w and not readable(user, label, o)]
        for e in eps:
            label = e.objects[e.primary]
            action = ACTIONS.get(e.short_name, Action.VIEW)
            if label not in kinds:
                status, response = _get(client, _url(e, 999_999))
                if status not in DENIED:
                    problems.append(f"{e.route} ({e.name}) with an unknown id: {status}")
                continue
            for obj_label, obj, word in built.objects:
                if obj_label != label:
                    continue
                status, response = _get(client, _url(e, obj.pk))
                who = f"{user.username} {_grants(user)}"
                if status >= 500:
                    problems.append(f"{e.route} ({e.name}) on {label} {word}: {status} for {who}")
                    continue
                if callable(action):
                    may = allowed(user, label, obj) and action(user, obj)
                else:
                    may = allowed(user, label, obj, action)
                if may and reference[e.name, obj.pk] == OPEN and status != OPEN:
                    problems.append(f"{e.route} ({e.name}) on {label} {word}: {status}, expected 200 for {who}")
                if not may:
                    if status not in DENIED:
                        problems.append(
                            f"{e.route} ({e.name}) on {label} {word}: {status} for {who}, who may not {getattr(action, '__name__', action)} it"
                        )
                    text = body_text(response)
                    seen = [w for w in hidden if w in text]
                    if seen:
                        problems.append(f"{e.route} ({e.name}) on {label} {word} denied to {who} names {seen}")
    return problems


REFUSED_CHANGE = {302, 403, 404, 405}  # refused before any form is read (302: to the login page)
# The API checks the body against its schema before it looks the object up: that refusal says nothing of the object.
REFUSED_CHANGE_API = REFUSED_CHANGE | {400, 422}


def change_violations(built: Built) -> list[str]:
    """POST to every endpoint about an object, by every user who may not see that object: refused before the view
    reads the form, and nothing written (the audit log and every object count unchanged)."""
    from dangvu.access.models import AuditEntry

    eps = [e for e in endpoints() if e.objects and not e.unclassified and e.name not in KNOWN_LEAKS]
    client = Client(HTTP_ACCEPT_LANGUAGE="vi")  # CSRF is tests/test_csrf.py's: here the request carries its token
    problems = []
    for user in built.users:
        client.force_login(user)
        for e in eps:
            label = e.objects[e.primary]
            for obj_label, obj, word in built.objects:
                if obj_label != label or allowed(user, label, obj):
                    continue
                written = AuditEntry.objects.count()
                response = client.post(_url(e, obj.pk), {"name": "Đã bị sửa", "title": "Đã bị sửa", "confirm": "1"})
                who = f"{user.username} {_grants(user)}"
                refused = REFUSED_CHANGE_API if e.route.startswith("api/") else REFUSED_CHANGE
                if response.status_code not in refused:
                    problems.append(f"POST {e.route} ({e.name}) on {label} {word}: {response.status_code} for {who}")
                if AuditEntry.objects.count() != written:
                    problems.append(f"POST {e.route} ({e.name}) on {label} {word} wrote for {who}")
    return problems


def _grants(user) -> str:
    grants = ", ".join(f"{g.role}@{g.unit.name}" for g in user.grants.select_related("unit"))
    own = f" member={user.member.full_name}" if user.member_id else ""
    return f"[{grants}{own}]"


# Models whose `visible_to` the proof found to disagree with the grants: each kept as a strict xfail below.
# Both found so far (meetings seen only through invitations, tasks only through assignments, by an everywhere user)
# were fixed in scoping.scope_q; the two tests at the end of this module keep them fixed.
KNOWN_GATE_FINDINGS: dict[str, str] = {}

# Endpoints where the proof found a leak: excluded from the property, each kept as a strict xfail below.
KNOWN_LEAKS: dict[str, str] = {}

PROOF = settings(
    max_examples=6,
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@PROOF
@given(world=worlds())
def test_object_endpoints_open_exactly_what_the_grants_allow(world):
    def check():
        problems = object_violations(build(world), skip=set(KNOWN_LEAKS))
        assert not problems, "\n".join(problems)

    in_rollback(check)


@PROOF
@given(world=worlds())
def test_nobody_changes_what_they_may_not_see(world):
    def check():
        problems = change_violations(build(world))
        assert not problems, "\n".join(problems)

    in_rollback(check)


def list_violations(built: Built, skip: set[str] = frozenset(), only: set[str] | None = None) -> list[str]:
    eps = [e for e in endpoints() if not e.params and e.name not in skip and (only is None or e.name in only)]
    client = Client(HTTP_ACCEPT_LANGUAGE="vi")
    problems = []
    for user in built.users:
        client.force_login(user)
        hidden = [(label, w) for label, o, w in built.objects if w and not readable(user, label, o)]
        for e in eps:
            status, response = _get(client, reverse(e.name), q=FAMILY)
            who = f"{user.username} {_grants(user)}"
            if status >= 500:
                problems.append(f"{e.route} ({e.name}): {status} for {who}")
                continue
            text = body_text(response)
            seen = [f"{label} {w}" for label, w in hidden if w in text]
            if seen:
                problems.append(f"{e.route} ({e.name}) shows {who} what they may not see: {seen}")
    return problems


@PROOF
@given(world=worlds())
def test_list_endpoints_show_nothing_out_of_scope(world):
    def check():
        problems = list_violations(build(world), skip=set(KNOWN_LEAKS))
        assert not problems, "\n".join(problems)

    in_rollback(check)


def test_the_probe_reads_pages_exports_and_json():
    """The proof is not vacuous: what a superuser fetches, the probe reads — search results, XLSX cells and JSON."""
    world = World(
        parents=[None, 0, 1, 1],
        users=[([], None)],
        members=[0, 1],
        tasks=[(1, 0)],
        meetings=[0],
        plans=[],
        drafts=[],
        news=[],
    )

    def check():
        built = build(world)
        client = Client(HTTP_ACCEPT_LANGUAGE="vi")
        client.force_login(built.root)
        names = [w for label, _o, w in built.objects if label == "members.Member"]
        for name in ("member_list", "member_export", "api:list_members"):
            text = body_text(client.get(reverse(name), {"q": FAMILY}))
            assert all(n in text for n in names), name
        assert not object_violations(built, only={"member_detail", "api:member_detail"})

    in_rollback(check)


def test_an_anonymous_visitor_opens_nothing():
    """Logged out, every endpoint but the login pages sends to the login page or refuses (the API: 401), naming nothing."""
    world = World(
        parents=[None, 0, 1, 1], users=[], members=[0], tasks=[(1, 0)], meetings=[0], plans=[1], drafts=[1], news=[0]
    )

    def check():
        built = build(world)
        first = {}
        for label, obj, _word in built.objects:
            first.setdefault(label, obj.pk)
        words = [w for _label, _o, w in built.objects if w]
        client = Client(HTTP_ACCEPT_LANGUAGE="vi")
        problems = []
        for e in endpoints():
            if e.short_name in {"login", "login_code", "logout"}:
                continue
            url = _url(e, first.get(e.objects[e.primary], 999_999)) if e.primary else reverse(e.name, kwargs=e.values)
            response = client.get(url)
            status = response.status_code
            to_login = status == 302 and response["Location"].startswith(reverse("login"))
            if not (to_login or status in {401, 403, 404, 405}):
                problems.append(f"{url} ({e.name}): {status} for an anonymous visitor")
            elif any(w in body_text(response) for w in words):
                problems.append(f"{url} ({e.name}) names an object to an anonymous visitor")
        assert not problems, "\n".join(problems)

    in_rollback(check)


def test_finding_an_everywhere_admin_with_a_member_record_sees_every_meeting():
    """`MeetingQuerySet.visible_to` ORs the invitations onto `scope_q`, which is an empty Q() for an everywhere
    scope; `Q() | Q(pk__in=invited)` is just the invitations, so the meeting list, pages and API of an admin of the
    root unit (or a superuser) who has a member record show only the meetings that member is invited to."""
    from dangvu.meetings.models import Meeting
    from dangvu.meetings.tests.factories import make_meeting
    from dangvu.members.tests.factories import make_member
    from dangvu.units.tests.factories import Tree

    tree = Tree()
    meeting = make_meeting(tree.a1)
    admin = User.objects.create_user("quantri", password="x", member=make_member(tree.a1))
    Grant.objects.create(user=admin, role=Role.ADMIN, unit=tree.province, starts_on=date(2000, 1, 1))
    assert entitled(admin, "meetings.Meeting", meeting)
    assert Meeting.objects.visible_to(admin).filter(pk=meeting.pk).exists()


def test_finding_a_superuser_sees_a_task_not_yet_assigned():
    """`TaskQuerySet.visible_to` ORs the assigned tasks onto `scope_q`, an empty Q() for an everywhere scope, so a
    superuser (or an admin of the root unit) sees only tasks that have an assignment: a new task is a 404 to them
    on /tracking/tasks/<pk>/ and missing from /tracking/ and /api/tracking/tasks."""
    from dangvu.tracking.models import Task
    from dangvu.tracking.tests.factories import make_task
    from dangvu.units.tests.factories import Tree

    tree = Tree()
    task = make_task(tree.bloc)
    root = User.objects.create_superuser("goc", password="x")
    assert Task.objects.visible_to(root).filter(pk=task.pk).exists()
