"""Shared helpers of the publishing tests: a bloc with its office, and a draft ready to issue."""

from dangvu.access.roles import Role
from dangvu.access.tests.factories import make_user
from dangvu.publishing import operations
from dangvu.publishing.models import DraftKind
from dangvu.units.tests.factories import Tree


def office_of(unit, **fields):
    """A user of the unit's office (CHANGE on its subtree)."""
    return make_user(Role.OFFICE, unit, **fields)


def make_draft(unit, actor=None, *, type="report", subject="Kết quả thực hiện nhiệm vụ quý I năm 2022", **fields):
    values = {
        "kind": DraftKind.OTHER,
        "type": type,
        "subject": subject,
        "sections": [
            {"key": "results", "heading": "I. KẾT QUẢ", "text": "Đã hoàn thành 3 nhiệm vụ.", "drafted": True},
            {"key": "limits", "heading": "II. HẠN CHẾ", "text": "", "drafted": False},
        ],
        "recipients": "Thường trực Tỉnh ủy Tuyên Quang\nLưu Văn phòng",
        "signing_authority": "T/M BAN THƯỜNG VỤ",
        "signer_title": "Phó Bí thư",
        "signer_name": "Nguyễn Văn A",
        "period": "2022-Q1",
    }
    values.update(fields)
    return operations.create_draft(actor, unit, **values)


__all__ = ["Tree", "make_draft", "office_of"]
