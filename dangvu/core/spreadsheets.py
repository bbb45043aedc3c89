"""Every workbook dangvu writes holds data, never formulas.

openpyxl turns any text starting with "=" into a formula, so a member named `=HYPERLINK("http://…","Bấm")` would be
exported as a live link or command (formula injection, OWASP "CSV injection"; found by tests/test_bad_input.py).
dangvu writes no formula anywhere, so instead of guarding each of its dozen exports, the cell's type inference is
changed once, when the app starts: such a text stays text, shown exactly as stored.
"""

from openpyxl.cell.cell import Cell

_infer = Cell._bind_value


def _bind_value_as_data(self, value) -> None:
    _infer(self, value)
    if self.data_type == "f":
        self.data_type = "s"


def never_formulas() -> None:
    Cell._bind_value = _bind_value_as_data
