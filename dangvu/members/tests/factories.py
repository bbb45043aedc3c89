from datetime import date
from itertools import count

from dangvu.members.models import Member
from dangvu.members.operations import admit_member
from dangvu.units.models import Unit

_cards = count(1)


def make_member(
    unit: Unit,
    full_name: str = "Nguyễn Văn An",
    admitted_on: date = date(2010, 5, 19),
    confirmed_on: date | None = date(2011, 5, 19),
    **profile,
) -> Member:
    profile.setdefault("gender", "male")
    profile.setdefault("card_number", f"{next(_cards):08d}")
    return admit_member(
        None, unit=unit, full_name=full_name, admitted_on=admitted_on, confirmed_on=confirmed_on, **profile
    )
