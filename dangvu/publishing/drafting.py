"""Drafts of party documents from the data, all through one machinery: each builder returns the fields of an
`OfficialDraft` (subject, type, sections, recipients, signature), `operations.create_draft` stores them, and
`paper(draft)` turns any draft into the `layout.PartyDocument` that is previewed, written as DOCX and issued.

Builders here: the invitation (giấy mời) and the minutes (biên bản) of a meeting, the notice of conclusions
(thông báo kết luận) of a meeting, and an award decision with its list. The quarterly report is in `quarterly`.
Certificates are not rebuilt: `awards.certificates` makes them, and the award decision's page links to them.
The text of the paper is Vietnamese whatever the interface language (like `awards.certificates`).
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from dangvu.awards.certificates import list_rows, place_of
from dangvu.core.text import normalise
from dangvu.documents.rules import TYPES_BY_CODE
from dangvu.publishing import layout, numbering
from dangvu.publishing.models import DraftKind, OfficialDraft
from dangvu.units.models import CELL_KINDS, Position, PositionRole, Unit, UnitKind

LOCAL_ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
TITLES = {
    PositionRole.SECRETARY: "Bí thư",
    PositionRole.STANDING_DEPUTY: "Phó Bí thư Thường trực",
    PositionRole.DEPUTY: "Phó Bí thư",
}


def day_text(day: date | None) -> str:
    """dd/mm/yyyy."""
    return day.strftime("%d/%m/%Y") if day else ""


def local(moment: datetime) -> datetime:
    return moment.astimezone(LOCAL_ZONE)


def number_text(value) -> str:
    """A figure in Vietnamese notation: '83,3' (comma decimals), '12'."""
    if value is None:
        return "—"
    if isinstance(value, float) or hasattr(value, "quantize"):
        value = round(float(value), 1)
        if value == int(value):
            return str(int(value))
        return f"{value:.1f}".replace(".", ",")
    return str(value)


def rate_text(rate: float | None) -> str:
    """0.8333 → '83,3%'."""
    return "—" if rate is None else f"{number_text(rate * 100)}%"


def signature(unit: Unit, day: date | None = None) -> dict:
    """The default signature block (research.md §2.4): 'T/M BAN THƯỜNG VỤ' for a committee with a standing
    committee (province, bloc), 'T/M ĐẢNG ỦY' for a base committee, 'T/M CHI BỘ' for a cell; the title and name of
    the secretary (or a deputy) in office, when the committee is recorded."""
    if unit.kind in CELL_KINDS:
        authority = "T/M CHI BỘ"
    elif unit.kind in {UnitKind.PROVINCE, UnitKind.BLOC}:
        authority = "T/M BAN THƯỜNG VỤ"
    else:
        authority = "T/M ĐẢNG ỦY"
    positions = (
        Position.objects.active_on(day or date.today())
        .filter(term__unit=unit, role__in=list(TITLES))
        .select_related("member")
    )
    best = sorted(positions, key=lambda p: list(TITLES).index(p.role))
    if best:
        return {
            "signing_authority": authority,
            "signer_title": TITLES[best[0].role],
            "signer_name": best[0].member.full_name,
        }
    return {"signing_authority": authority, "signer_title": "Bí thư", "signer_name": ""}


def upward_recipients(unit: Unit) -> list[str]:
    """Where a report goes: the standing committee above, the unit's own committee, the organisations below."""
    lines = []
    if unit.parent_id:
        lines.append(f"Thường trực {numbering.issuing_body(unit.parent)}")
    if unit.kind not in CELL_KINDS:
        lines.append(f"Các đồng chí Ủy viên Ban Chấp hành {numbering.issuing_body(unit)}")
        lines.append("Các tổ chức cơ sở đảng trực thuộc")
    lines.append("Lưu Văn phòng")
    return lines


def section(key: str, heading: str, text: str = "", *, drafted: bool = True, table=None) -> dict:
    item = {"key": key, "heading": heading, "text": text, "drafted": drafted}
    if table:
        item["table"] = [[str(cell) for cell in row] for row in table]
    return item


# The paper of a draft ----------------------------------------------------------------------------------------------


def paper(draft: OfficialDraft) -> layout.PartyDocument:
    """The draft in the party layout: numbered and dated once issued, with blanks before."""
    unit = draft.unit
    number = draft.document.number if draft.document_id else None
    blocks: list[layout.Block] = []
    for item in draft.sections:
        if item.get("heading"):
            blocks.append(layout.Block.heading(item["heading"]))
        for line in (item.get("text") or "").splitlines():
            if line.strip():
                blocks.append(layout.Block.paragraph(line.strip()))
        if item.get("table"):
            blocks.append(layout.Block.table(item["table"]))
    day = draft.issued_on or (draft.document.issued_on if draft.document_id else None)
    year = day.year if day else _period_year(draft)
    return layout.PartyDocument(
        higher_body=numbering.higher_body(unit),
        issuing_body=numbering.issuing_body(unit),
        number_line=numbering.number_line(number, draft.type, unit),
        place=draft.place,
        day=day,
        type_name=TYPES_BY_CODE[draft.type].name,
        subject=draft.subject,
        blocks=blocks,
        recipients=[line for line in draft.recipients.splitlines() if line.strip()],
        signing_authority=draft.signing_authority or "T/M BAN THƯỜNG VỤ",
        signer_title=draft.signer_title,
        signer_name=draft.signer_name,
        year=year,
    )


def _period_year(draft: OfficialDraft) -> int:
    if draft.meeting_id:
        return local(draft.meeting.starts_at).year
    if draft.period[:4].isdigit():
        return int(draft.period[:4])
    return date.today().year


def docx_filename(draft: OfficialDraft, extension: str = "docx") -> str:
    """'12-BC-DUK-2022.docx' once issued, 'du-thao-<id>.docx' before; ASCII only, for every browser."""
    from dangvu.core.text import strip_diacritics

    if draft.document_id:
        name = f"{draft.document.number}-{numbering.document_symbol(draft.type, draft.unit).replace('/', '-')}"
        day = draft.issued_on or draft.document.issued_on
        name = strip_diacritics(name).replace("Đ", "D").replace("đ", "d") + (f"-{day.year}" if day else "")
    else:
        name = f"du-thao-{draft.pk}"
    return f"{name}.{extension}"


# Meetings -----------------------------------------------------------------------------------------------------------


def _meeting_base(meeting, kind: str, type_: str, subject: str, sections: list[dict], recipients: list[str]) -> dict:
    start = local(meeting.starts_at)
    return {
        "kind": kind,
        "type": type_,
        "subject": subject,
        "sections": sections,
        "recipients": "\n".join(recipients),
        "period": f"{start.year}-Q{(start.month - 1) // 3 + 1}",
        "meeting": meeting,
        "place": place_of(meeting.unit),
        **signature(meeting.unit, start.date()),
    }


def _when_where(meeting) -> str:
    start, end = local(meeting.starts_at), local(meeting.ends_at)
    where = meeting.place or ("trực tuyến" if meeting.online else "…")
    return (
        f"Thời gian: {start:%H} giờ {start:%M}, ngày {day_text(start.date())}"
        f" (đến {end:%H} giờ {end:%M}). Địa điểm: {where}."
    )


def _agenda_lines(meeting) -> list[str]:
    return [f"{item.position}. {item.title}" for item in meeting.agenda.all()]


def invitation(meeting) -> dict:
    """Giấy mời: who is invited, to what, when and where, and the agenda."""
    invited = [
        i.member.full_name for i in meeting.invitations.select_related("member").order_by("member__name_sort_key")
    ]
    sections = [
        section(
            "invite",
            "",
            f"{numbering.issuing_body(meeting.unit)} trân trọng kính mời đồng chí tham dự {meeting.title}.",
        ),
        section("time", "", _when_where(meeting)),
        section("agenda", "Nội dung:", "\n".join(_agenda_lines(meeting)) or "…"),
        section(
            "note",
            "",
            "Đề nghị các đồng chí nghiên cứu tài liệu trước và dự họp đầy đủ, đúng giờ.",
            drafted=False,
        ),
    ]
    if invited:
        sections.insert(1, section("invitees", "Thành phần:", "\n".join(f"- Đồng chí {n};" for n in invited)))
    return _meeting_base(
        meeting,
        DraftKind.INVITATION,
        "invitation",
        f"Dự {meeting.title}",
        sections,
        ["Như thành phần mời", "Lưu Văn phòng"],
    )


def minutes(meeting) -> dict:
    """Biên bản: from the meeting's minutes when kept (`meetings.Minutes`), else from the meeting's draft text."""
    from dangvu.meetings.operations import draft_text

    kept = getattr(meeting, "minutes", None) if hasattr(meeting, "minutes") else None
    content = kept.content if kept is not None else draft_text(meeting)
    sections = [
        section("opening", "", _when_where(meeting)),
        section("content", "Nội dung:", content),
    ]
    if kept is not None and kept.conclusions:
        sections.append(section("conclusions", "Kết luận:", kept.conclusions))
    sections.append(
        section(
            "closing",
            "",
            f"Hội nghị kết thúc vào hồi {local(meeting.ends_at):%H} giờ {local(meeting.ends_at):%M} cùng ngày.",
            drafted=False,
        )
    )
    base = _meeting_base(meeting, DraftKind.MINUTES, "minutes", meeting.title, sections, ["Lưu Văn phòng"])
    # Minutes are signed by the chair and the minute-taker; the chair signs for the collective.
    if meeting.chair_id:
        base.update(signing_authority="CHỦ TRÌ HỘI NGHỊ", signer_title="", signer_name=meeting.chair.full_name)
    return base


def conclusions_notice(meeting) -> dict:
    """Thông báo kết luận: what the meeting concluded, from its minutes' conclusions, and the tasks it gave."""
    kept = meeting.minutes if hasattr(meeting, "minutes") else None
    start = local(meeting.starts_at)
    intro = (
        f"Ngày {day_text(start.date())}, {numbering.issuing_body(meeting.unit)} tổ chức {meeting.title}. "
        f"Sau khi nghe và thảo luận, hội nghị kết luận như sau:"
    )
    conclusions = kept.conclusions if kept is not None and kept.conclusions else "…"
    tasks = [o.task for o in meeting.outcomes.select_related("task") if o.task_id]
    sections = [section("intro", "", intro), section("conclusions", "", conclusions)]
    if tasks:
        lines = [f"- {t.title}" + (f" (hạn {day_text(t.deadline)})" if t.deadline else "") + ";" for t in tasks]
        sections.append(section("tasks", "Giao nhiệm vụ:", "\n".join(lines)))
    sections.append(
        section(
            "closing",
            "",
            f"{numbering.issuing_body(meeting.unit)} thông báo để các cấp ủy, tổ chức đảng trực thuộc biết, thực hiện.",
            drafted=False,
        )
    )
    return _meeting_base(
        meeting,
        DraftKind.CONCLUSIONS_NOTICE,
        "notice",
        f"Kết luận {meeting.title[:1].lower()}{meeting.title[1:]}",
        sections,
        ["Các tổ chức cơ sở đảng trực thuộc", "Lưu Văn phòng"],
    )


# Awards --------------------------------------------------------------------------------------------------------------

LIST_HEADER = ("STT", "Họ và tên / Tên tập thể", "Đơn vị", "Thành tích")


def award_decision(unit: Unit, awards, *, award_type=None, year: int | None = None) -> dict:
    """Quyết định khen thưởng with its list (STT, name, unit, achievement), from the awards of a decision or of a
    grant in preparation (awards not yet saved are fine: only their fields are read)."""
    awards = list(awards)
    award_type = award_type or (awards[0].award_type if awards else None)
    year = year or (awards[0].year if awards else date.today().year)
    form = award_type.get_form_display() if award_type else "khen thưởng"
    name = award_type.name if award_type else form
    rows = [LIST_HEADER, *[(str(i), n, w, normalise(c)) for i, n, w, c in list_rows(awards)]]
    sections = [
        section(
            "basis",
            "",
            "Căn cứ Điều lệ Đảng Cộng sản Việt Nam;\nCăn cứ Quy chế làm việc của "
            f"{numbering.issuing_body(unit)};\nXét đề nghị của Văn phòng,",
        ),
        section("decides", "QUYẾT ĐỊNH:", ""),
        section(
            "article1",
            "",
            f"Điều 1. Tặng {name} cho {len(awards)} tập thể, cá nhân đã có thành tích trong năm {year} "
            "(có danh sách kèm theo).",
        ),
        section(
            "article2",
            "",
            "Điều 2. Văn phòng và các tổ chức đảng, đảng viên có tên tại Điều 1 thi hành Quyết định này.",
            drafted=False,
        ),
        section("list", "DANH SÁCH KHEN THƯỞNG", "", table=rows),
    ]
    return {
        "kind": DraftKind.AWARD_DECISION,
        "type": "decision",
        "subject": f"Về việc tặng {name} năm {year}",
        "sections": sections,
        "recipients": "Như Điều 2\nLưu Văn phòng",
        "period": str(year),
        "place": place_of(unit),
        **signature(unit),
    }
