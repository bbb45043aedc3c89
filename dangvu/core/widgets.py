"""Form widgets shared by every app."""

from django import forms


class DateInput(forms.DateInput):
    """A dd/mm/yyyy text input (the locale's DATE_INPUT_FORMATS parse it); a numeric keypad on phones."""

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric", **(attrs or {})})
