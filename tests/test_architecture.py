"""The shape of the code, checked: writes only in operations, pure rules, the gate on every read.

Walks the source with `ast`; a new module is covered without being listed.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "dangvu"
# Any .save()/.delete() in a view is a write; .create()/.update() only when called on a domain model's manager.
ALWAYS_WRITES = {"save", "delete", "bulk_create", "bulk_update"}
MANAGER_WRITES = {"create", "update", "get_or_create", "update_or_create"}
DOMAIN_MODELS = {
    "Member",
    "MemberEvent",
    "Affiliation",
    "StatusPeriod",
    "Unit",
    "UnitVersion",
    "Term",
    "Position",
    "Document",
    "DocumentRelation",
    "Attachment",
    "Mention",
    "Task",
    "Assignment",
    "Report",
    "Evidence",
    "ReviewCycle",
    "Notification",
    "Rating",
    "Discipline",
    "AwardType",
    "Nomination",
    "Award",
    "HealthNote",
    "PartyBadge",
}
WRITE_ALLOWED = ("operations.py", "/migrations/", "/tests/", "/demo/", "throttling.py", "/management/commands/")
READ_MODULES = ("views.py", "dashboard.py", "presentation.py", "api.py", "/api/")
SCOPED_MODELS = {
    "Member",
    "Unit",
    "Document",
    "Task",
    "Assignment",
    "Report",
    "ReviewCycle",
    "Rating",
    "Discipline",
    "Nomination",
    "Award",
    "PartyBadge",
}


def _modules():
    for path in sorted(ROOT.rglob("*.py")):
        yield str(path.relative_to(ROOT.parent)), ast.parse(path.read_text(encoding="utf-8"))


def _calls(tree):
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            yield node


def _chain_root(node):
    """The name at the root of a.b.c().d — e.g. 'Member' for Member.objects.filter(...).update()."""
    while True:
        if isinstance(node, ast.Call):
            node = node.func
        elif isinstance(node, ast.Attribute | ast.Subscript):
            node = node.value
        else:
            return node.id if isinstance(node, ast.Name) else None


def test_views_and_api_modules_never_write_to_models():
    offenders = []
    for name, tree in _modules():
        if any(marker in name for marker in WRITE_ALLOWED) or not any(m in name for m in READ_MODULES):
            continue
        for call in _calls(tree):
            attr = call.func.attr
            if attr in ALWAYS_WRITES or (attr in MANAGER_WRITES and _chain_root(call.func.value) in DOMAIN_MODELS):
                offenders.append(f"{name}:{call.lineno} .{attr}()")
    assert offenders == []


def test_rules_modules_touch_neither_the_orm_nor_the_clock():
    offenders = []
    for name, tree in _modules():
        if not name.endswith("rules.py"):
            continue
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.ImportFrom)
                and node.module
                and (node.module.startswith("django.db") or node.module.endswith("models"))
            ):
                offenders.append(f"{name}:{node.lineno} imports {node.module}")
            if isinstance(node, ast.Attribute) and node.attr in {"today", "now", "localdate"}:
                offenders.append(f"{name}:{node.lineno} reads the clock ({node.attr})")
    assert offenders == []


def test_scoped_models_are_read_through_visible_to_in_views_and_api():
    """Member.objects.<x> / Unit.objects.<x> in a view or API module must go through visible_to."""
    offenders = []
    for name, tree in _modules():
        if not any(m in name for m in READ_MODULES) or "/tests/" in name:
            continue
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Attribute)
                and node.value.attr == "objects"
                and isinstance(node.value.value, ast.Name)
                and node.value.value.id in SCOPED_MODELS
                and node.attr != "visible_to"
            ):
                offenders.append(f"{name}:{node.lineno} {node.value.value.id}.objects.{node.attr}")
    assert offenders == []


WRITE_CALLS = {"save", "create", "delete", "update", "bulk_create", "bulk_update", "get_or_create", "update_or_create"}
WRITE_CALLS |= {"record", "set", "add", "remove", "clear"}  # audit.record; many-to-many managers


def test_every_operation_that_writes_is_one_transaction():
    """A public function of an operations module that writes more than once runs inside `transaction.atomic`
    (decorated or wrapping its writes): all of it is written, or nothing. A single write is a transaction by itself
    (and a savepoint around it would cost two queries on every page that logs a view of personal data)."""
    offenders = []
    for name, tree in _modules():
        if not name.endswith("operations.py") or "/tests/" in name:
            continue
        for node in tree.body:
            if not isinstance(node, ast.FunctionDef) or node.name.startswith("_"):
                continue
            atomic = any(
                "atomic" in ast.unparse(d) for d in node.decorator_list
            ) or "transaction.atomic" in ast.unparse(node)
            writes = sum(
                isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute) and call.func.attr in WRITE_CALLS
                for call in ast.walk(node)
            )
            if writes > 1 and not atomic:
                offenders.append(f"{name}:{node.lineno} {node.name}")
    assert offenders == []
