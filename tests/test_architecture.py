"""The shape of the code, checked: writes only in operations, pure rules, the gate on every read.

Walks the source with `ast`; a new module is covered without being listed.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "dangvu"
WRITE_METHODS = {
    "save",
    "delete",
    "update",
    "bulk_create",
    "bulk_update",
    "create",
    "get_or_create",
    "update_or_create",
}
# Where writes to domain models are allowed: operations, migrations, tests and the demo loader (which
# writes users and grants, not audited domain data).
WRITE_ALLOWED = ("operations.py", "/migrations/", "/tests/", "/demo/", "throttling.py", "/management/commands/")
READ_MODULES = ("views.py", "api.py", "/api/")
SCOPED_MODELS = {"Member", "Unit"}


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
        elif isinstance(node, ast.Attribute):
            node = node.value
        elif isinstance(node, ast.Subscript):
            node = node.value
        else:
            return node.id if isinstance(node, ast.Name) else None


def test_views_and_api_modules_never_write_to_models():
    offenders = []
    for name, tree in _modules():
        if any(marker in name for marker in WRITE_ALLOWED) or not any(m in name for m in READ_MODULES):
            continue
        for call in _calls(tree):
            if call.func.attr in WRITE_METHODS and call.func.attr not in {"update"} | {"create"}:
                offenders.append(f"{name}:{call.lineno} .{call.func.attr}()")
            elif call.func.attr in {"update", "create"} and _chain_root(call.func.value) in {
                "Member",
                "Unit",
                "MemberEvent",
                "Term",
                "Position",
                "UnitVersion",
                "Affiliation",
                "StatusPeriod",
            }:
                offenders.append(f"{name}:{call.lineno} .{call.func.attr}()")
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
