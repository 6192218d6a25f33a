"""What every form of the project shares."""

from django import forms

from .dates import not_before_1900


class StyledFormMixin:
    """Bootstrap classes on every widget, so templates can render fields in a loop; no date
    field takes a day before 1900 (a slip such as 0001-01-01 is an error, not a record)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.DateField) and not_before_1900 not in field.validators:
                field.validators.append(not_before_1900)
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput | forms.CheckboxSelectMultiple | forms.RadioSelect):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs.setdefault("class", css)
