"""Forms of the budgets resident pages. They check the shape of the input; the services decide what is allowed
(the ballot rule, the census match, the rate limits)."""

import re
from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from .selectors import SORT_CHOICES, SORT_RANDOM, ProjectFilters


class ProjectFilterForm(forms.Form):
    """The filters and sort order of a budget's projects (GET). Choices come from lists the page has already
    loaded, so validating a choice never queries; an invalid value is ignored and reported on the form."""

    q = forms.CharField(label=_("Search in titles and descriptions"), max_length=100, required=False)
    area = forms.TypedChoiceField(label=_("Area"), coerce=int, required=False, empty_value=None)
    category = forms.TypedChoiceField(label=_("Category"), coerce=int, required=False, empty_value=None)
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=SORT_CHOICES)

    def __init__(self, *args, areas=(), categories=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = [("", _("All areas"))] + [(area.pk, area.name) for area in areas]
        self.fields["category"].choices = [("", _("All categories"))] + [
            (category.pk, category.name) for category in categories
        ]
        # One area or one category cannot narrow anything down.
        if len(areas) < 2:
            del self.fields["area"]
        if len(categories) < 2:
            del self.fields["category"]

    def filters(self) -> ProjectFilters:
        data = self.cleaned_data if self.is_bound else {}
        errors = self.errors if self.is_bound else {}
        return ProjectFilters(
            area_id=None if "area" in errors else data.get("area"),
            category_id=None if "category" in errors else data.get("category"),
            text="" if "q" in errors else (data.get("q") or ""),
        )

    def chosen_sort(self) -> str:
        if self.is_bound and "sort" not in self.errors and self.cleaned_data.get("sort"):
            return self.cleaned_data["sort"]
        return SORT_RANDOM


class BasketProjectForm(forms.Form):
    """The project a basket button adds or removes (a hidden field of the button's form)."""

    project = forms.IntegerField(min_value=1, max_value=2**63 - 1, widget=forms.HiddenInput)


class CastForm(forms.Form):
    """Casting is final: the person ticks that they understood, and the form carries the choice they reviewed
    so that a basket changed meanwhile (in another tab) is not cast unseen."""

    confirm = forms.BooleanField(
        label=_("I have checked my choice and I understand that my ballot cannot be changed once cast."),
        required=True,
        error_messages={"required": _("Tick the box to confirm that your choice is final.")},
    )
    selection = forms.CharField(widget=forms.HiddenInput, required=False, max_length=20000)

    def selected_ids(self) -> frozenset[int] | None:
        """The project ids the person reviewed, or None when the field was tampered with."""
        raw = self.cleaned_data.get("selection", "")
        if not raw:
            return frozenset()
        if not re.fullmatch(r"\d{1,19}(,\d{1,19})*", raw):
            return None
        return frozenset(int(pk) for pk in raw.split(","))


def selection_value(project_ids) -> str:
    return ",".join(str(pk) for pk in sorted(project_ids))


# --- Census verification ------------------------------------------------------------------------------------

DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d", "%d.%m.%Y", "%d-%m-%Y"]
DATE_INVALID = _("Enter the date as day/month/year, for example 31/01/1980.")

# Labels and help of the census's matching fields, by name. A field without an entry is shown with its name.
CENSUS_FIELDS = {
    "birth_date": {
        "label": _("Date of birth"),
        "help_text": _("Day/month/year, for example 31/01/1980."),
        "kind": "date",
        "autocomplete": "bday",
    },
    "postal_code": {
        "label": _("Postal code"),
        "help_text": _("The postal code of your home address, for example 5370."),
        "kind": "text",
        "autocomplete": "postal-code",
        "inputmode": "numeric",
        "max_length": 12,
    },
    "register_number": {
        "label": _("National register number"),
        "help_text": _("11 digits, on the back of your identity card (dots and dashes are optional)."),
        "kind": "text",
        "autocomplete": "off",
        "inputmode": "numeric",
        "max_length": 20,
    },
    "last_name": {
        "label": _("Last name"),
        "help_text": _("As written on your identity card."),
        "kind": "text",
        "autocomplete": "family-name",
        "max_length": 150,
    },
    "first_name": {
        "label": _("First name"),
        "help_text": _("Your first first name, as written on your identity card."),
        "kind": "text",
        "autocomplete": "given-name",
        "max_length": 150,
    },
    "document_number": {
        "label": _("Identity card number"),
        "help_text": _("On the front of your identity card, for example 592-1234567-89."),
        "kind": "text",
        "autocomplete": "off",
        "max_length": 30,
    },
}


class CensusVerifyForm(forms.Form):
    """The matching data of the census (`Census.match_fields`, in order). Values go to the service as text;
    dates as YYYY-MM-DD (the service normalises everything else)."""

    def __init__(self, *args, match_fields, **kwargs):
        super().__init__(*args, **kwargs)
        self.match_fields = list(match_fields)
        for name in self.match_fields:
            spec = CENSUS_FIELDS.get(name, {})
            label = spec.get("label") or name.replace("_", " ").capitalize()
            attrs = {"autocomplete": spec.get("autocomplete", "off")}
            if spec.get("inputmode"):
                attrs["inputmode"] = spec["inputmode"]
            if spec.get("kind") == "date":
                self.fields[name] = forms.DateField(
                    label=label,
                    help_text=spec.get("help_text", ""),
                    input_formats=DATE_INPUT_FORMATS,
                    widget=forms.TextInput(attrs={**attrs, "inputmode": "numeric"}),
                    error_messages={"invalid": DATE_INVALID},
                )
            else:
                self.fields[name] = forms.CharField(
                    label=label,
                    help_text=spec.get("help_text", ""),
                    max_length=spec.get("max_length", 200),
                    widget=forms.TextInput(attrs=attrs),
                )

    def values(self) -> dict[str, str]:
        return {
            name: value.isoformat() if isinstance(value, date) else value
            for name, value in self.cleaned_data.items()
        }


class VotingCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Your voting code"),
        help_text=_(
            "The code printed on your voting card, for example ABCD-EFGH-JKLM. Dashes and spaces "
            "do not matter."
        ),
        max_length=40,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
                "class": "code-input",
            }
        ),
    )

    def clean_code(self):
        return " ".join(self.cleaned_data["code"].split())


class ReceiptLookupForm(forms.Form):
    receipt_code = forms.CharField(
        label=_("Your receipt code"),
        help_text=_("The code shown after you voted, also printed on your PDF receipt."),
        max_length=60,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
                "class": "code-input",
            }
        ),
    )

    def clean_receipt_code(self):
        return " ".join(self.cleaned_data["receipt_code"].split())
