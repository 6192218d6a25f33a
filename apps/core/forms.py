"""What every form of the project shares."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .dates import not_before_1900
from .phones import normalize_phone


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


class PhoneField(forms.CharField):
    """An Indonesian telephone number, cleaned to its stored form (``phones.normalize_phone``)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 30)
        kwargs.setdefault("help_text", _("Mis. 0812-3456-7890 atau +62 331 421234."))
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("inputmode", "tel")
        self.widget.attrs.setdefault("autocomplete", "off")

    def clean(self, value):
        return normalize_phone(super().clean(value))
