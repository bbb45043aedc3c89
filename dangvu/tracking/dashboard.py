"""The implementation dashboard of a unit's subtree for one quarter, and its XLSX export.

`/tracking/dashboard/?unit=ID&quarter=2022-Q2&document=ID`: the status of the assignments, the on-time rate over the
last quarters, the reporting rate of each unit below (each a link to that unit's dashboard), the indicators against
their targets and the units lagging most. Every figure comes from `queries`, in a number of queries that does not
grow with the tree. Charts are Apache ECharts options written as JSON (`json_script`) that `web/site.js` draws; each
has a table beside it, and the export writes one sheet per chart.
"""

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from io import BytesIO
from typing import Any

from django.db.models import Max, Min, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.formats import number_format
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.writer.excel import save_workbook

from dangvu.access.roles import Action
from dangvu.access.scoping import can, today
from dangvu.core.periods import Quarter
from dangvu.documents.models import Document, RelationKind
from dangvu.members.exporting import XLSX_CONTENT_TYPE
from dangvu.tracking import queries
from dangvu.tracking.models import Assignment, ReviewCycle
from dangvu.tracking.operations import DEFAULT_REPORTING_DAYS
from dangvu.tracking.rules import Rollup, Status, ratio
from dangvu.units.models import Unit
from dangvu.web.pages import percent_text, requested_unit

# Quarters in the on-time trend, the chosen one included.
TREND_LENGTH = 6
# Quarters offered in the quarter filter.
QUARTER_CHOICES = 24
# Unit bars shown at once; more scroll inside the chart.
UNITS_IN_VIEW = 12

STATUS_LABELS = {
    Status.NOT_STARTED: gettext_lazy("Not started"),
    Status.IN_PROGRESS: gettext_lazy("In progress"),
    Status.OVERDUE: gettext_lazy("Overdue"),
    Status.DONE_ON_TIME: gettext_lazy("Done on time"),
    Status.DONE_LATE: gettext_lazy("Done late"),
    Status.CANCELLED: gettext_lazy("Cancelled"),
}
STATUS_COLOURS = {
    Status.NOT_STARTED: "#9e9e9e",
    Status.IN_PROGRESS: "#1a3e7a",
    Status.OVERDUE: "#b3121d",
    Status.DONE_ON_TIME: "#2e7d32",
    Status.DONE_LATE: "#f2a900",
    Status.CANCELLED: "#555555",
}
RED, BLUE, GOLD = "#b3121d", "#1a3e7a", "#f2c230"


def _percent(rate: float | None) -> float | None:
    """A rate as a percentage with one decimal, for charts; None stays None (a gap, never 0)."""
    return None if rate is None else round(rate * 100, 1)


@dataclass(frozen=True)
class UnitFigures:
    """A drill-down row (`queries.UnitRow`) with its reporting rate."""

    row: queries.UnitRow

    @property
    def reporting_rate(self) -> float | None:
        return ratio(self.row.reported, self.row.expected)

    @property
    def reporting_text(self) -> str:
        return percent_text(self.reporting_rate)

    @property
    def progress_text(self) -> str:
        return f"{number_format(self.row.average_percent, 1)}%"


@dataclass(frozen=True)
class TrendPoint:
    quarter: Quarter
    rollup: Rollup

    @property
    def on_time_text(self) -> str:
        return percent_text(self.rollup.on_time_rate)

    @property
    def reporting_text(self) -> str:
        return percent_text(self.rollup.reporting_rate)


@dataclass
class Figures:
    """Everything the page and the export show for one unit, quarter and document."""

    unit: Unit
    quarter: Quarter
    document: Document | None
    reporting_deadline: date
    total: Rollup
    trend: list[TrendPoint]
    units: list[UnitFigures]
    lagging: list[UnitFigures]
    indicators: list[dict]
    quarters: list[Quarter]

    @property
    def current(self) -> TrendPoint:
        return self.trend[-1]

    @property
    def overdue(self) -> int:
        return self.total.by_status[Status.OVERDUE]

    @property
    def reporting_on_time_text(self) -> str:
        return percent_text(self.total.reporting_on_time_rate)

    @property
    def query(self) -> str:
        """The dashboard's parameters, for links to the export and to other units."""
        params = {"quarter": str(self.quarter)}
        if self.document is not None:
            params["document"] = self.document.pk
        return urlencode(params)

    @property
    def status_rows(self) -> list[tuple[Status, str, int, str]]:
        """(status, label, count, share) for each status; cancelled only when there are some."""
        counts, total = self.total.by_status, self.total.total
        return [
            (s, str(STATUS_LABELS[s]), counts[s], percent_text(ratio(counts[s], total)))
            for s in Status
            if counts[s] or s != Status.CANCELLED
        ]


def _document(request) -> Document | None:
    raw = request.GET.get("document", "")
    if not raw:
        return None
    if not raw.isdigit():
        raise Http404
    return get_object_or_404(Document.objects.visible_to(request.user), pk=raw)


@dataclass(frozen=True)
class QuarterChoice:
    chosen: Quarter
    first: Quarter  # of the earliest assignment (or the chosen quarter, if earlier)
    offered: list[Quarter]  # latest first


def _quarter(raw: str, assignments) -> QuarterChoice:
    """The quarter asked for, else the latest one reported on (else the one of the latest assignment, else today's),
    never after today's; and the quarters the filter offers: one query."""
    current = Quarter.containing(today())
    span = assignments.aggregate(first=Min("assigned_on"), last=Max("assigned_on"), reported=Max("reports__quarter"))
    try:
        chosen = Quarter.parse(raw) if raw else None
    except ValueError:
        chosen = None
    if chosen is None or chosen > current:
        if span["reported"]:
            chosen = min(Quarter.parse(span["reported"]), current)
        elif span["last"]:
            chosen = min(Quarter.containing(span["last"]), current)
        else:
            chosen = current
    first = min(Quarter.containing(span["first"]) if span["first"] else current, chosen)
    offered, quarter = [], current
    while quarter >= first and len(offered) < QUARTER_CHOICES:
        offered.append(quarter)
        quarter = quarter.previous()
    if chosen not in offered:
        offered.append(chosen)
    return QuarterChoice(chosen, first, offered)


def _reporting_deadlines(user, unit: Unit, quarters: list[Quarter]) -> dict[Quarter, date]:
    """The unit's own review sets when reports are due; without one, DEFAULT_REPORTING_DAYS after the quarter."""
    cycles = dict(
        ReviewCycle.objects.visible_to(user)
        .filter(unit=unit, quarter__in=[str(q) for q in quarters])
        .values_list("quarter", "reporting_deadline")
    )
    return {q: cycles.get(str(q)) or q.end + timedelta(days=DEFAULT_REPORTING_DAYS) for q in quarters}


def figures(request) -> Figures:
    """The dashboard's figures for the request's unit, quarter and document: a fixed number of queries."""
    user = request.user
    unit = requested_unit(request)
    document = _document(request)
    assignments = queries.assignments_in(unit, document).visible_to(user)
    choice = _quarter(request.GET.get("quarter", ""), assignments)
    quarter = choice.chosen
    trend_quarters = [quarter]
    while len(trend_quarters) < TREND_LENGTH and trend_quarters[0] > choice.first:
        trend_quarters.insert(0, trend_quarters[0].previous())
    deadlines = _reporting_deadlines(user, unit, trend_quarters)
    trend = [TrendPoint(q, queries.rollup(assignments, q, deadlines[q])) for q in trend_quarters]
    units = [UnitFigures(row) for row in queries.by_unit(unit, quarter, document)]
    by_pk = {u.row.unit.pk: u for u in units}
    return Figures(
        unit=unit,
        quarter=quarter,
        document=document,
        reporting_deadline=deadlines[quarter],
        total=trend[-1].rollup,
        trend=trend,
        units=units,
        lagging=[by_pk[row.unit.pk] for row in queries.lagging([u.row for u in units])],
        indicators=[_indicator(row) for row in queries.indicator_rows(unit, quarter, document)],
        quarters=choice.offered,
    )


def _indicator(row: dict) -> dict:
    target, average = row["target"], row["average"]
    reached = float(average / target) if target and average is not None else None
    return {**row, "reached": reached, "reached_text": percent_text(reached)}


def _documents_offered(user, unit: Unit):
    """The programmes of the tasks assigned in the subtree, and the documents they implement, continue or guide."""
    programmes = (
        Assignment.objects.visible_to(user)
        .filter(unit__path__startswith=unit.path, task__document__isnull=False)
        .values("task__document_id")
    )
    kinds = [RelationKind.IMPLEMENTS, RelationKind.CONTINUES, RelationKind.GUIDES]
    return (
        Document.objects.visible_to(user)
        .filter(Q(pk__in=programmes) | Q(relations_in__source_id__in=programmes, relations_in__kind__in=kinds))
        .distinct()
        .order_by("-issued_on", "-id")
    )


# Charts: ECharts options ---------------------------------------------------------------------------------------------


def _chart(option: dict, phone: dict | None = None) -> dict:
    """An ECharts option without animation (charts are read, not watched), with `phone` merged in on narrow screens."""
    option = {"animation": False, **option}
    if phone is None:
        return option
    return {"baseOption": option, "media": [{"query": {"maxWidth": 500}, "option": phone}]}


def _status_chart(total: Rollup) -> dict:
    data = [
        {"name": STATUS_LABELS[s], "value": total.by_status[s], "itemStyle": {"color": STATUS_COLOURS[s]}}
        for s in Status
        if total.by_status[s]
    ]
    return _chart(
        {
            "tooltip": {"trigger": "item", "formatter": "{b}: {c} ({d}%)"},
            "legend": {"bottom": 0, "type": "scroll"},
            "series": [{"type": "pie", "radius": ["40%", "68%"], "center": ["50%", "45%"], "data": data}],
        },
        phone={"series": [{"label": {"show": False}, "radius": ["35%", "65%"]}]},
    )


def _trend_chart(trend: list[TrendPoint]) -> dict:
    return _chart(
        {
            "tooltip": {"trigger": "axis"},
            "legend": {"bottom": 0},
            "grid": {"left": 45, "right": 15, "top": 20, "bottom": 55},
            "xAxis": {"type": "category", "data": [q.quarter.label for q in trend]},
            "yAxis": {"type": "value", "min": 0, "max": 100, "axisLabel": {"formatter": "{value}%"}},
            "series": [
                {
                    "name": _("Done on time"),
                    "type": "line",
                    "data": [_percent(p.rollup.on_time_rate) for p in trend],
                    "color": RED,
                    "connectNulls": False,
                },
                {
                    "name": _("Reported"),
                    "type": "line",
                    "data": [_percent(p.rollup.reporting_rate) for p in trend],
                    "color": BLUE,
                    "lineStyle": {"type": "dashed"},
                },
            ],
        }
    )


def _bars(names: list[str], series: list[dict], *, label_width: int = 170, top: float = 100) -> dict:
    """Horizontal bars of percentages (0 to at least `top`), one category per name, scrolling when there are many;
    narrower labels on a phone."""
    option = {
        "tooltip": {"trigger": "axis", "axisPointer": {"type": "shadow"}},
        "legend": {"bottom": 0},
        "grid": {"left": 10, "right": 40, "top": 10, "bottom": 40, "containLabel": True},
        "xAxis": {"type": "value", "min": 0, "max": top, "axisLabel": {"formatter": "{value}%"}},
        "yAxis": {
            "type": "category",
            "inverse": True,
            "data": names,
            "axisLabel": {"width": label_width, "overflow": "truncate"},
        },
        "series": series,
    }
    if len(names) > UNITS_IN_VIEW:
        option["dataZoom"] = [
            {"type": "slider", "yAxisIndex": 0, "startValue": 0, "endValue": UNITS_IN_VIEW - 1, "width": 14},
            {"type": "inside", "yAxisIndex": 0, "zoomOnMouseWheel": False, "moveOnMouseWheel": True},
        ]
    for one in series:
        one.setdefault("barMaxWidth", 22)
    return _chart(option, phone={"yAxis": {"axisLabel": {"width": 90}}})


def _units_chart(units: list[UnitFigures]) -> dict:
    return _bars(
        [u.row.unit.short_name or u.row.unit.name for u in units],
        [
            {"name": _("Reported"), "type": "bar", "data": [_percent(u.reporting_rate) for u in units], "color": BLUE},
            {
                "name": _("Average progress"),
                "type": "bar",
                "data": [round(u.row.average_percent, 1) for u in units],
                "color": GOLD,
            },
        ],
    )


def _indicators_chart(indicators: list[dict]) -> dict:
    shown = [row for row in indicators if row["reached"] is not None]
    highest = max((_percent(row["reached"]) for row in shown), default=0)
    return _bars(
        [row["indicator"] or row["task"] for row in shown],
        [
            {
                # Translators: a chart legend; "%" is the percent sign, not a placeholder.
                # xgettext:no-python-format
                "name": _("Average reported, as % of the target"),
                "type": "bar",
                "data": [_percent(row["reached"]) for row in shown],
                "color": RED,
                "markLine": {
                    "symbol": "none",
                    "silent": True,
                    "label": {"show": False},
                    "data": [{"xAxis": 100}],
                    "lineStyle": {"color": "#2e7d32"},
                },
            }
        ],
        label_width=220,
        top=max(100, math.ceil(highest / 20) * 20),
    )


def tracking_dashboard(request):
    found = figures(request)
    user = request.user
    context = {
        "figures": found,
        "unit": found.unit,
        "quarter": found.quarter,
        "ancestors": list(
            Unit.objects.visible_to(user).filter(pk__in=found.unit.ancestor_ids()).order_by("depth", "path")
        ),
        "documents": list(_documents_offered(user, found.unit)),
        "can_export": can(user, Action.EXPORT, found.unit),
        "status_chart": _status_chart(found.total),
        "trend_chart": _trend_chart(found.trend),
        "units_chart": _units_chart(found.units),
        "indicators_chart": _indicators_chart(found.indicators),
        "has_indicator_chart": any(row["reached"] is not None for row in found.indicators),
        "nav_section": "tracking",
    }
    return render(request, "tracking/dashboard.html", context)


# The export ----------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    header: str
    value: Callable[[Any], Any]
    percent: bool = False  # a rate from 0 to 1, shown as a percentage


def _sheet(book: Workbook, title: str, columns: list[Column], items: Iterable) -> None:
    sheet = book.create_sheet(title[:31])  # Excel's limit on sheet names
    header = []
    for column in columns:
        cell = WriteOnlyCell(sheet, value=column.header)
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(header)
    for item in items:
        row = []
        for column in columns:
            value = column.value(item)
            if column.percent and value is not None:
                value = WriteOnlyCell(sheet, value=value)
                value.number_format = "0.0%"
            row.append(value)
        sheet.append(row)


def _workbook(found: Figures) -> bytes:
    total = found.total
    status = [
        Column(_("Status"), lambda s: str(STATUS_LABELS[s])),
        Column(_("Assignments"), lambda s: total.by_status[s]),
        Column(_("Share"), lambda s: ratio(total.by_status[s], total.total), percent=True),
    ]
    trend = [
        Column(_("Quarter"), lambda p: p.quarter.label),
        Column(_("Assignments"), lambda p: p.rollup.total),
        Column(_("Due"), lambda p: p.rollup.due),
        Column(_("Done on time"), lambda p: p.rollup.by_status[Status.DONE_ON_TIME]),
        Column(_("On-time rate"), lambda p: p.rollup.on_time_rate, percent=True),
        Column(_("Reports expected"), lambda p: p.rollup.expected_reports),
        Column(_("Reports"), lambda p: p.rollup.reports),
        Column(_("Reporting rate"), lambda p: p.rollup.reporting_rate, percent=True),
        Column(_("Reports on time"), lambda p: p.rollup.reports_on_time),
    ]
    units = [
        Column(_("Unit"), lambda u: u.row.unit.name),
        Column(_("Assignments"), lambda u: u.row.assignments),
        Column(_("Overdue"), lambda u: u.row.overdue),
        Column(_("Done late"), lambda u: u.row.done_late),
        Column(_("Average progress"), lambda u: u.row.average_percent / 100, percent=True),
        Column(_("Reports expected"), lambda u: u.row.expected),
        Column(_("Reports"), lambda u: u.row.reported),
        Column(_("Reporting rate"), lambda u: u.reporting_rate, percent=True),
    ]
    indicators = [
        Column(_("Task"), lambda row: row["task"]),
        Column(_("Indicator"), lambda row: row["indicator"]),
        Column(_("Unit of measure"), lambda row: row["unit"]),
        Column(_("Target"), lambda row: row["target"]),
        Column(_("Reports"), lambda row: row["reports"]),
        Column(_("Total"), lambda row: row["total"]),
        Column(_("Average"), lambda row: row["average"]),
        Column(_("Average as share of target"), lambda row: row["reached"], percent=True),
    ]
    book = Workbook(write_only=True)
    _sheet(book, _("Status"), status, list(Status))
    _sheet(book, _("On-time trend"), trend, found.trend)
    _sheet(book, _("Reporting by unit"), units, found.units)
    _sheet(book, _("Lagging units"), units, found.lagging)
    _sheet(book, _("Indicators"), indicators, found.indicators)
    out = BytesIO()
    save_workbook(book, out)
    return out.getvalue()


def tracking_export(request):
    """The dashboard's tables as an .xlsx, one sheet per chart. Figures about units and tasks only: no member's
    personal data, so nothing to log under Nghị định 13/2023/NĐ-CP (compare `members.views.member_export`)."""
    found = figures(request)
    if not can(request.user, Action.EXPORT, found.unit):
        raise Http404
    response = HttpResponse(_workbook(found), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="theo-doi-{found.unit.pk}-{found.quarter}.xlsx"'
    return response
