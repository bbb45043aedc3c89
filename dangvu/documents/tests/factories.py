from datetime import date

from dangvu.documents.operations import register_document


def make_document(**fields):
    """A document registered by the system; by default Kết luận 21-KL/TW of the Central Committee."""
    values = {
        "type": "conclusion",
        "number": "21",
        "symbol": "KL/TW",
        "issuer_unit": None,
        "issuer_name": "Ban Chấp hành Trung ương",
        "term": "XIII",
        "issued_on": date(2021, 10, 25),
        "subject": "về đẩy mạnh xây dựng, chỉnh đốn Đảng và hệ thống chính trị",
        "text": "",
        "validity": "in_force",
    }
    values.update(fields)
    return register_document(None, **values)
