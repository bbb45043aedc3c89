"""News bulletins drafted from a meeting and the data: the FACTS first, then a Vietnamese article stating them.

`gather_facts(meeting)` reads what dangvu holds about a meeting — its unit, date, kind and number within the term,
the quarter it reviewed (`Meeting.review_cycle`) and the one it deployed, the documents it implemented (the agenda's
documents and the citations in the agenda, the minutes and the conclusions, resolved in the registry through the
citation index's matching, `documents.mentions`), the priorities of the next quarter (the conclusions, the tasks
the meeting created and the unit's tasks due next quarter) and the awards presented at it (`Award.presented_at`),
counted by form, grantor and kind of recipient as a news item counts them. The facts are kept as JSON on the
article (`NewsArticle.facts`), so the text an editor changes can always be checked against them.

`draft_article(facts)` writes the article in the style of the provincial party press (Báo Tuyên Quang, 14-4-2022):
headline, dateline, lead, body paragraphs, photo captions and source. The article is Vietnamese whatever the
interface language: it is published as written. `award_counts(text)` reads the counts back from any text, so a test
can compare a draft with an article written by hand.
"""

import re
from collections import Counter, OrderedDict
from dataclasses import asdict, dataclass, field
from datetime import date

from django.utils import timezone

from dangvu.awards.models import Award, AwardForm, Criterion, Recipients
from dangvu.core.periods import Quarter
from dangvu.core.text import normalise, search_key
from dangvu.documents.citations import find_citations
from dangvu.documents.mentions import candidates_for, choose, key_of
from dangvu.documents.models import Document
from dangvu.documents.rules import type_name
from dangvu.units.models import CELL_KINDS, Unit, UnitKind

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
# How an article names a form of award (rules.md §3-4; glossary: Cờ thi đua, Bằng khen, Giấy khen).
FORM_WORDS = {
    AwardForm.EMULATION_FLAG: "Cờ thi đua",
    AwardForm.CERTIFICATE_OF_MERIT: "Bằng khen",
    AwardForm.CERTIFICATE_OF_COMMENDATION: "Giấy khen",
}
FORM_ORDER = [AwardForm.EMULATION_FLAG, AwardForm.CERTIFICATE_OF_MERIT, AwardForm.CERTIFICATE_OF_COMMENDATION]
# Recipient kinds as a news item counts them: base committees are "đảng bộ", cells "chi bộ", people "cá nhân"
# (among collectives) or "đảng viên" (when only members receive it).
KIND_ORDER = ["đảng bộ", "chi bộ", "tập thể", "cá nhân", "đảng viên"]
MAX_PRIORITIES = 8
MAX_DUE_TASKS = 4
SUBJECT_MAX = 160  # a document's subject is quoted after its citation when it is this short


@dataclass
class DocumentFact:
    id: int
    type: str
    type_name: str
    number_symbol: str
    issued_on: str | None  # ISO date
    issuer: str
    term: str
    subject: str
    citation: str  # "Kết luận số 21-KL/TW, ngày 25-10-2021 của BCH Trung ương (khóa XIII)"


@dataclass
class AwardGroup:
    form: str
    form_name: str
    grantor: str
    reason: str
    counts: dict[str, int]  # {"đảng bộ": 2, "chi bộ": 1}
    award_ids: list[int]
    first_recipient: str  # a unit's name, for a photo caption ("" when only members receive it)


@dataclass
class NewsFacts:
    meeting_id: int
    meeting_title: str
    meeting_kind: str
    unit_id: int
    unit_name: str  # Đảng bộ Khối các cơ quan và doanh nghiệp tỉnh Tuyên Quang
    unit_kind: str
    committee: str  # who acts in the article: Đảng ủy Khối các cơ quan và doanh nghiệp tỉnh
    committee_short: str  # Đảng ủy Khối
    place: str  # the dateline: Tuyên Quang
    date: str  # ISO date of the meeting
    number: int | None
    term: str  # 2020-2025
    reviewed: str  # 2022-Q1, or ""
    deployed: str  # 2022-Q2, or ""
    documents: list[DocumentFact] = field(default_factory=list)
    priorities: list[str] = field(default_factory=list)
    awards: list[AwardGroup] = field(default_factory=list)
    award_year: int | None = None

    def as_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> "NewsFacts":
        data = dict(data)
        data["documents"] = [DocumentFact(**d) for d in data.get("documents", [])]
        data["awards"] = [AwardGroup(**a) for a in data.get("awards", [])]
        return cls(**data)

    @property
    def day(self) -> date:
        return date.fromisoformat(self.date)

    @property
    def reviewed_label(self) -> str:
        return Quarter.parse(self.reviewed).label if self.reviewed else ""

    @property
    def deployed_label(self) -> str:
        return Quarter.parse(self.deployed).label if self.deployed else ""


@dataclass
class Draft:
    headline: str
    dateline: str
    event_date: date
    lead: str
    body: str
    byline: str
    source: str
    captions: list[str]


# Names ----------------------------------------------------------------------------------------------------------------


def _ancestors(unit: Unit) -> list[Unit]:
    found, current = [], unit.parent
    while current is not None:
        found.append(current)
        current = current.parent
    return found


def province_place(unit: Unit) -> str:
    """'Tuyên Quang' from 'Đảng bộ tỉnh Tuyên Quang' above (or at) the unit; '' when there is no province."""
    for candidate in [unit, *_ancestors(unit)]:
        if candidate.kind == UnitKind.PROVINCE:
            match = re.search(r"\btỉnh\s+(.+)$", candidate.name)
            return match.group(1).strip() if match else ""
    return ""


def committee_name(unit: Unit, place: str = "") -> str:
    """The body that acts for a unit in the press: 'Đảng bộ Khối …' → 'Đảng ủy Khối …', 'Đảng bộ tỉnh X' → 'Tỉnh ủy X';
    a cell speaks as itself. The province's own name is dropped inside it ('… doanh nghiệp tỉnh')."""
    name = unit.name
    if unit.kind == UnitKind.PROVINCE and place:
        return f"Tỉnh ủy {place}"
    if unit.kind not in CELL_KINDS and name.startswith("Đảng bộ "):
        name = "Đảng ủy " + name[len("Đảng bộ ") :]
    if place and name.endswith(f"tỉnh {place}"):
        name = name[: -len(place) - 1]
    return name


def committee_short(unit: Unit, committee: str) -> str:
    """'Đảng ủy Khối' for a bloc; otherwise the short name or the full name."""
    if unit.kind == UnitKind.BLOC and committee.startswith("Đảng ủy Khối"):
        return "Đảng ủy Khối"
    if unit.short_name:
        return unit.short_name
    return committee


def party_date(day: date | None, with_year: bool = True) -> str:
    """Dates as the party press writes them: 25-10-2021, or 13-4 inside the year."""
    if day is None:
        return ""
    return f"{day.day}-{day.month}-{day.year}" if with_year else f"{day.day}-{day.month}"


def press_issuer(issuer: str) -> str:
    """'Ban Chấp hành Trung ương' → 'BCH Trung ương', as the press abbreviates it."""
    return re.sub(r"^Ban Chấp hành\b", "BCH", issuer)


def citation_text(document: Document) -> str:
    """'Kết luận số 21-KL/TW, ngày 25-10-2021 của BCH Trung ương (khóa XIII)' (rules.md §1, the party citation)."""
    text = f"{type_name(document.type)} số {document.number_symbol}"
    if document.issued_on:
        text += f", ngày {party_date(document.issued_on)}"
    if document.issuer:
        text += f" của {press_issuer(document.issuer)}"
    if document.term:
        text += f" (khóa {document.term})"
    return text


def quarter_words(quarter: Quarter, with_year: bool = True) -> str:
    return f"quý {ROMAN[quarter.number]}" + (f" năm {quarter.year}" if with_year else "")


# Facts ----------------------------------------------------------------------------------------------------------------


def _minutes_of(meeting):
    from dangvu.meetings.models import Minutes

    return Minutes.objects.filter(meeting=meeting).first()


def gather_documents(meeting) -> list[Document]:
    """The documents the meeting implemented, in the order the meeting presents them: the title, then each agenda
    item (the documents its title cites, then those attached to it), then the conclusions and the minutes.
    Citations are resolved in the registry with the citation index's matching (`documents.mentions`); the meeting's
    own outcome documents are not "implemented" and stay out."""
    agenda = list(meeting.agenda.prefetch_related("documents").order_by("position"))
    minutes = _minutes_of(meeting)
    parts: list[tuple[str, list[Document]]] = [(meeting.title, [])]
    for item in agenda:
        attached = sorted(item.documents.all(), key=lambda d: (d.issued_on or date.min, d.pk))
        parts.append((item.title, attached))
    if minutes is not None:
        parts += [(minutes.conclusions, []), (minutes.content, [])]
    cited = [[c for c in find_citations(text or "")] for text, _attached in parts]
    candidates = candidates_for([c for group in cited for c in group])
    own = set(meeting.outcomes.filter(document__isnull=False).values_list("document_id", flat=True))
    order: list[int] = []
    for (_text, attached), citations in zip(parts, cited, strict=True):
        for citation in citations:
            matches = choose(citation, candidates.get(key_of(citation), []))
            if len(matches) == 1:
                order.append(matches[0].pk)
        order += [d.pk for d in attached]
    order = [pk for pk in dict.fromkeys(order) if pk not in own]
    loaded = Document.objects.select_related("issuer_unit").in_bulk(order)
    return [loaded[pk] for pk in order if pk in loaded]


def _document_fact(document: Document) -> DocumentFact:
    return DocumentFact(
        id=document.pk,
        type=document.type,
        type_name=type_name(document.type),
        number_symbol=document.number_symbol,
        issued_on=document.issued_on.isoformat() if document.issued_on else None,
        issuer=document.issuer,
        term=document.term,
        subject=document.subject,
        citation=citation_text(document),
    )


def _clauses(conclusions: str) -> list[str]:
    """The tasks a conclusion gives: the clauses after "Giao …" / "tiếp tục …", split on ";"."""
    text = normalise(conclusions)
    if not text:
        return []
    sentences = [s.strip() for s in re.split(r"(?<=\.)\s+", text) if s.strip()]
    # The first sentence of conclusions is usually "Hội nghị thống nhất đánh giá …": not a task.
    tasks = [s for s in sentences if not re.match(r"^Hội nghị (thống nhất|nhất trí)", s)]
    clauses = []
    for sentence in tasks:
        sentence = re.sub(r"^Giao [^,;]*? (chỉ đạo|tập trung|lãnh đạo) ", "", sentence.rstrip("."))
        clauses.extend(part.strip() for part in sentence.split(";") if part.strip())
    return clauses


def gather_priorities(meeting, deployed: Quarter | None) -> list[str]:
    """The next quarter's priorities: the conclusions' clauses, the tasks the meeting created, then the unit's
    own tasks due in the deployed quarter (without repeats)."""
    from dangvu.tracking.models import Priority, Task

    items: list[str] = []
    minutes = _minutes_of(meeting)
    if minutes is not None:
        items.extend(_clauses(minutes.conclusions))
    for outcome in meeting.outcomes.select_related("task").filter(task__isnull=False):
        items.append(outcome.task.title)
    if deployed is not None:
        due = Task.objects.filter(owner_unit=meeting.unit, deadline__range=(deployed.start, deployed.end))
        due = due.filter(parent__isnull=True).order_by("deadline", "id")
        # The quarter's key tasks are the high-priority and breakthrough ones, when the unit has marked any.
        key = due.exclude(priority=Priority.NORMAL)
        items.extend(task.title for task in (key if key.exists() else due)[:MAX_DUE_TASKS])
    kept: list[tuple[str, set[str]]] = []
    for item in items:
        item = normalise(item).rstrip(".;")
        words = set(search_key(item).split())
        if item and not any(_similar(words, other) for _item, other in kept):
            kept.append((item, words))
    return [item for item, _words in kept[:MAX_PRIORITIES]]


def _similar(a: set[str], b: set[str]) -> bool:
    """The same task said twice (a conclusion and the task made from it): most words shared."""
    return bool(a and b) and len(a & b) / min(len(a), len(b)) >= 0.75


def recipient_kind(award: Award, mixed: bool) -> str:
    if award.unit_id:
        if award.unit.kind in CELL_KINDS:
            return "chi bộ"
        if award.unit.kind in {UnitKind.BASE_COMMITTEE, UnitKind.SUB_COMMITTEE, UnitKind.BLOC}:
            return "đảng bộ"
        return "tập thể"
    return "cá nhân" if mixed else "đảng viên"


def award_reason(award: Award) -> str:
    """What the award is for, as an article says it: from the award type's criterion, else its citation."""
    award_type = award.award_type
    if award_type.criterion == Criterion.EXCELLENT_YEARS and award_type.criterion_years > 1:
        first = award.year - award_type.criterion_years + 1
        return f"hoàn thành xuất sắc nhiệm vụ {award_type.criterion_years} năm liền ({first}-{award.year})"
    if award_type.criterion == Criterion.EXCELLENT_YEARS:
        return f"có thành tích xuất sắc tiêu biểu năm {award.year}"
    citation = normalise(award.citation)
    citation = re.sub(r"^Đã có thành tích", "có thành tích", citation)
    return citation[:1].lower() + citation[1:] if citation else ""


def gather_awards(meeting) -> tuple[list[AwardGroup], int | None]:
    """The awards presented at the meeting, grouped by form, grantor and reason; counted by kind of recipient."""
    awards = list(
        Award.objects.filter(presented_at=meeting).select_related("award_type", "unit").order_by("award_type", "id")
    )
    groups: OrderedDict[tuple, list[Award]] = OrderedDict()
    ordered = sorted(
        awards,
        key=lambda a: (
            FORM_ORDER.index(a.award_type.form) if a.award_type.form in FORM_ORDER else len(FORM_ORDER),
            a.award_type.grantor,
            a.award_type.recipients != Recipients.UNITS,
            a.pk,
        ),
    )
    for award in ordered:
        key = (award.award_type.form, award.award_type.grantor, award_reason(award))
        groups.setdefault(key, []).append(award)
    result = []
    for (form, grantor, reason), members in groups.items():
        mixed = any(a.unit_id for a in members) and any(a.member_id for a in members)
        counts = Counter(recipient_kind(a, mixed) for a in members)
        units = [a.unit.name for a in members if a.unit_id]
        form_name = FORM_WORDS.get(form) or members[0].award_type.name
        result.append(
            AwardGroup(
                form=form,
                form_name=form_name,
                grantor=grantor,
                reason=reason,
                counts={kind: counts[kind] for kind in KIND_ORDER if counts[kind]},
                award_ids=[a.pk for a in members],
                first_recipient=units[0] if units else "",
            )
        )
    year = max((a.year for a in awards), default=None)
    return result, year


def gather_facts(meeting) -> NewsFacts:
    """Everything the article states, read from the data (a few queries)."""
    unit = meeting.unit
    place = province_place(unit)
    committee = committee_name(unit, place)
    day = timezone.localtime(meeting.starts_at).date()
    reviewed = deployed = None
    if meeting.review_cycle_id:
        reviewed = meeting.review_cycle.quarter_obj
        deployed = reviewed.next()
    awards, award_year = gather_awards(meeting)
    return NewsFacts(
        meeting_id=meeting.pk,
        meeting_title=meeting.title,
        meeting_kind=meeting.kind,
        unit_id=unit.pk,
        unit_name=unit.name,
        unit_kind=unit.kind,
        committee=committee,
        committee_short=committee_short(unit, committee),
        place=place,
        date=day.isoformat(),
        number=meeting.number,
        term=meeting.term.name if meeting.term_id else "",
        reviewed=str(reviewed) if reviewed else "",
        deployed=str(deployed) if deployed else "",
        documents=[_document_fact(d) for d in gather_documents(meeting)],
        priorities=gather_priorities(meeting, deployed),
        awards=awards,
        award_year=award_year,
    )


# The article -----------------------------------------------------------------------------------------------------------


def _event(facts: NewsFacts) -> str:
    """'Hội nghị Ban Chấp hành Đảng bộ lần thứ 8', 'sinh hoạt chi bộ thường kỳ', or the meeting's title."""
    from dangvu.meetings.models import MeetingKind

    kind = facts.meeting_kind
    if kind == MeetingKind.EXECUTIVE_CONFERENCE:
        body = "Hội nghị Ban Chấp hành Đảng bộ" if facts.unit_kind not in CELL_KINDS else "Hội nghị chi ủy"
        return f"{body} lần thứ {facts.number}" if facts.number else body
    if kind == MeetingKind.REGULAR_CELL:
        return f"sinh hoạt chi bộ thường kỳ tháng {facts.day.month}"
    if kind == MeetingKind.THEMATIC_CELL:
        return "sinh hoạt chi bộ chuyên đề"
    title = facts.meeting_title.split(":")[0].strip()
    return title[:1].lower() + title[1:] if title.startswith(("Sinh hoạt", "Buổi")) else title


def _join(items: list[str]) -> str:
    """'a, b và c' (Vietnamese enumeration)."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " và " + items[-1]


def counts_text(counts: dict[str, int]) -> str:
    return _join([f"{n} {kind}" for kind, n in counts.items()])


def _lower_first(text: str) -> str:
    # Keep proper nouns and abbreviations ("Kết luận số …" stays capitalised; "Chỉ đạo …" becomes "chỉ đạo …").
    first = text.split(" ", 1)[0]
    if first in {"Kết", "Nghị", "Chỉ", "Quy", "Chương", "Kế", "Đề"} and re.match(
        r"^(Kết luận|Nghị quyết|Chỉ thị|Quy định|Chương trình|Kế hoạch|Đề án) số", text
    ):
        return text
    return text[:1].lower() + text[1:]


def award_sentence(facts: NewsFacts) -> str:
    if not facts.awards:
        return ""
    parts = []
    for group in facts.awards:
        grantor = f" của {group.grantor}" if group.grantor else ""
        verb = "tặng" if not parts else "cho"
        part = f"{group.form_name}{grantor} {verb} {counts_text(group.counts)}"
        if group.reason:
            part += f" {group.reason}"
        parts.append(part)
    return f"Nhân dịp này, {facts.committee_short} đã trao " + "; ".join(parts) + "."


def draft_article(facts: NewsFacts) -> Draft:
    """The article stating `facts`, in the style of the provincial party press."""
    day = facts.day
    reviewed = Quarter.parse(facts.reviewed) if facts.reviewed else None
    deployed = Quarter.parse(facts.deployed) if facts.deployed else None
    event = _event(facts)
    if reviewed and deployed:
        headline = f"{facts.committee} triển khai nhiệm vụ {quarter_words(deployed, with_year=False)}"
        same_year = reviewed.year == deployed.year
        purpose = (
            f" đánh giá kết quả thực hiện nhiệm vụ {quarter_words(reviewed, with_year=not same_year)}, "
            f"triển khai nhiệm vụ {quarter_words(deployed)}"
        )
    else:
        headline = f"{facts.committee} tổ chức {event}"
        purpose = ""
    lead = f"Ngày {party_date(day, with_year=False)}, {facts.committee} đã tổ chức {event}{purpose}."
    if not reviewed:
        lead = f"Ngày {party_date(day)}, {facts.committee} đã tổ chức {event}{purpose}."
    paragraphs = []
    citations, named = [], set()
    for d in facts.documents:
        if d.number_symbol in named:
            continue  # already named in an earlier document's subject ("… tiếp tục thực hiện Chỉ thị số 05-CT/TW")
        if d.subject and len(d.subject) <= SUBJECT_MAX:
            citations.append(f"{d.citation} {d.subject}")
            named |= {f"{c.number}-{c.symbol}" for c in find_citations(d.subject) if c.number and c.symbol}
        else:
            citations.append(d.citation)
    if citations:
        if reviewed:
            opening = (
                f"Quý {ROMAN[reviewed.number]}-{reviewed.year}, {facts.committee_short} "
                "đã tập trung lãnh đạo triển khai thực hiện nghiêm túc, kịp thời các nhiệm vụ chính trị, công tác "
                "xây dựng Đảng. Trọng tâm là triển khai thực hiện "
            )
        else:
            opening = f"{event[:1].upper() + event[1:]} tập trung quán triệt, triển khai thực hiện "
        paragraphs.append(opening + "; ".join(citations) + ".")
    if facts.priorities:
        items = "; ".join(_lower_first(p) for p in facts.priorities)
        if deployed:
            paragraphs.append(
                f"Trong {quarter_words(deployed, with_year=False)}-{deployed.year}, {facts.committee_short} tập "
                f"trung triển khai các nhiệm vụ trọng tâm: {items}."
            )
        else:
            paragraphs.append(f"{facts.committee_short} thống nhất các nhiệm vụ: {items}.")
    awards = award_sentence(facts)
    if awards:
        paragraphs.append(awards)
    captions = ["Các đại biểu dự Hội nghị." if facts.number or reviewed else "Quang cảnh buổi sinh hoạt."]
    for group in facts.awards:
        who = group.first_recipient or ("các đảng viên" if "đảng viên" in group.counts else "các tập thể, cá nhân")
        grantor = f" của {group.grantor}" if group.grantor else ""
        captions.append(f"Trao {group.form_name}{grantor} cho {who}.")
    office = f"Văn phòng {facts.committee}" if facts.unit_kind not in CELL_KINDS else facts.committee
    return Draft(
        headline=headline,
        dateline=facts.place,
        event_date=day,
        lead=lead,
        body="\n\n".join(paragraphs),
        byline="",
        source=office,
        captions=captions,
    )


# Reading facts back from a text ------------------------------------------------------------------------------------------

_FORM_PATTERN = re.compile(r"cờ thi đua|bằng khen|giấy khen", re.IGNORECASE)
_COUNT_PATTERN = re.compile(r"(\d+)\s+(đảng bộ|chi bộ|tập thể|cá nhân|đảng viên)\b", re.IGNORECASE)


def award_counts(text: str) -> dict[str, dict[str, int]]:
    """{'Cờ thi đua': {'đảng bộ': 2, 'chi bộ': 1}, …} as a text states them: each form word's counts run to the
    next form word or the end of the paragraph. Works on drafts and on articles written by hand alike."""
    text = normalise(text.replace("\n", " ¶ "))
    found: dict[str, dict[str, int]] = {}
    matches = list(_FORM_PATTERN.finditer(text))
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(text)
        paragraph_end = text.find("¶", match.end())
        if paragraph_end != -1:
            end = min(end, paragraph_end)
        counts = {}
        for count in _COUNT_PATTERN.finditer(text, match.end(), end):
            kind = count.group(2).lower()
            counts[kind] = counts.get(kind, 0) + int(count.group(1))
        if counts:
            form = match.group(0).capitalize()
            bucket = found.setdefault(form, {})
            for kind, n in counts.items():
                bucket[kind] = bucket.get(kind, 0) + n
    return found


def article_text(headline: str, lead: str, body: str) -> str:
    return "\n\n".join(part for part in (headline, lead, body) if part)
