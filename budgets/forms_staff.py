"""Forms of the budgets staff pages. They validate the shape of the input (a readable CSV, a number, ticked
projects of this ballot); who may do what and the rules of the vote live in the services."""

import csv
import io

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import AllocationRule, BallotRule
from .services.ballots import PAPER_NUMBER_MAX_LENGTH
from .services.census import AREA_COLUMN, BIRTH_DATE_COLUMN, MATCH_FIELDS, MINIMUM_AGE_RANGE
from .services.codes import MAX_CODES_PER_BATCH

MATCH_FIELD_CHOICES = [(name, label) for name, (label, _kind) in MATCH_FIELDS.items()]

# A census of a large town fits; a file larger than this is a mistake (a spreadsheet saved with images...).
CENSUS_MAX_BYTES = 50 * 1024 * 1024


def _match_field_label(name: str) -> str:
    return str(dict(MATCH_FIELD_CHOICES).get(name, name))


# --- Census -------------------------------------------------------------------------------------------------


class CensusUploadForm(forms.Form):
    """The matching fields, the minimum age and the CSV file of the census. The file must be UTF-8 text
    (Excel: "CSV UTF-8"), comma-, semicolon- or tab-separated, with a header naming the matching fields,
    `birth_date` and (when the process has areas) `area`, and at least one line after it. `clean_file()`
    decodes it: `cleaned_data["file"]` is the text; the service reads the lines (and checks the columns
    again)."""

    match_fields = forms.MultipleChoiceField(
        label=_("Details a voter must enter"),
        choices=MATCH_FIELD_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("A person is found when all these details match a line of the census."),
    )
    minimum_age = forms.IntegerField(
        label=_("Minimum age"),
        min_value=MINIMUM_AGE_RANGE[0],
        max_value=MINIMUM_AGE_RANGE[1],
        help_text=_("On the last day of the vote. Younger people's lines are rejected."),
    )
    file = forms.FileField(
        label=_("Census file (CSV)"),
        help_text=_(
            "UTF-8 text (in Excel: “CSV UTF-8”), separated by commas or semicolons, one person per line. The "
            "first line names the columns: the details above, “birth_date” and “area” (the area's name). "
            "Only keyed hashes of the details are kept, never the file."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size == 0:
            raise ValidationError(_("The file is empty."), code="empty")
        if upload.size > CENSUS_MAX_BYTES:
            raise ValidationError(
                _("The file is larger than %(size)s MB: is it really the census in CSV?"),
                params={"size": CENSUS_MAX_BYTES // (1024 * 1024)},
                code="too_large",
            )
        raw = upload.read()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise ValidationError(
                _(
                    "The file is not UTF-8 text (byte %(position)s cannot be read). Save it again as "
                    "“CSV UTF-8” and upload it again."
                ),
                params={"position": error.start + 1},
                code="encoding",
            ) from error
        if "\x00" in text:
            raise ValidationError(_("This is not a CSV text file."), code="binary")
        if not text.strip():
            raise ValidationError(_("The file is empty."), code="empty")
        return text

    def __init__(self, *args, areas_required: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.areas_required = areas_required

    def clean(self):
        cleaned = super().clean()
        text, match_fields = cleaned.get("file"), cleaned.get("match_fields")
        if not isinstance(text, str) or not match_fields:
            return cleaned
        lines = [line for line in text.splitlines() if line.strip()]
        header_line = lines[0]
        delimiter = max((";", ",", "\t"), key=header_line.count)
        header = next(csv.reader(io.StringIO(header_line), delimiter=delimiter))
        columns = {"_".join(column.strip().casefold().split()) for column in header}
        required = [*match_fields, BIRTH_DATE_COLUMN]
        if self.areas_required:
            required.append(AREA_COLUMN)
        missing = [name for name in dict.fromkeys(required) if name not in columns]
        if missing:
            self.add_error(
                "file",
                ValidationError(
                    _("The first line of the file must name the columns; missing: %(columns)s."),
                    params={"columns": ", ".join(f"“{name}”" for name in missing)},
                    code="missing_column",
                ),
            )
        elif len(lines) < 2:
            self.add_error(
                "file",
                ValidationError(
                    _("The file has no line after its first line (the names of the columns)."),
                    code="no_lines",
                ),
            )
        return cleaned


# --- Voting codes -------------------------------------------------------------------------------------------


class CodeBatchForm(forms.Form):
    area = forms.ModelChoiceField(
        label=_("Area"),
        queryset=None,
        required=False,
        empty_label=_("Whole territory (territory-wide budgets only)"),
        help_text=_(
            "A code lets its holder vote in the territory-wide budgets and in the budgets of this area."
        ),
    )
    count = forms.IntegerField(
        label=_("Number of codes"),
        min_value=1,
        max_value=MAX_CODES_PER_BATCH,
        help_text=_("Ten cards per A4 page."),
    )

    def __init__(self, *args, areas, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = areas


# --- Census details (desk, paper) ---------------------------------------------------------------------------


class CensusDetailsForm(forms.Form):
    """The details of a resident as the census matches them (the census's `match_fields`, in order)."""

    def __init__(self, *args, match_fields: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        for name in match_fields:
            # Personal details typed on a shared desk computer: the browser must not remember them.
            self.fields[f"census_{name}"] = forms.CharField(
                label=_match_field_label(name),
                max_length=200,
                widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
            )
        self.match_fields = list(match_fields)

    def census_values(self) -> dict[str, str]:
        return {name: self.cleaned_data[f"census_{name}"] for name in self.match_fields}


class ProjectChoiceField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, project):
        from participation.templatetags.placette import euros

        return f"{project.title} — {euros(project.cost_cents)}"


class DeskBallotForm(CensusDetailsForm):
    """Cast a ballot at a desk: the resident's details again (they travel with the form, nothing is kept in
    the session) and the projects they chose in one budget."""

    projects = ProjectChoiceField(label=_("Projects chosen"), queryset=None, required=False)

    def __init__(self, *args, projects, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["projects"].queryset = projects
        # The details come first, the projects last.
        self.order_fields([*(f"census_{name}" for name in self.match_fields), "projects"])


class PaperEntryForm(CensusDetailsForm):
    paper_number = forms.CharField(
        label=_("Number written on the paper ballot"),
        max_length=PAPER_NUMBER_MAX_LENGTH,
        help_text=_("Both entries of a paper ballot must give the same number."),
    )
    projects = ProjectChoiceField(label=_("Projects ticked on the paper"), queryset=None, required=False)

    def __init__(self, *args, projects, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["projects"].queryset = projects
        self.order_fields(["paper_number", *(f"census_{name}" for name in self.match_fields), "projects"])

    def clean_paper_number(self):
        return " ".join(self.cleaned_data["paper_number"].split())


class PaperResolveForm(forms.Form):
    """An administrator's decision on a paper ballot after looking at the paper: count it with the projects
    really ticked (and, when the two entries named different people, for which of them), or void it. A
    ballot still awaiting its second entry can only be voided (`allow_count=False`)."""

    DECISION_COUNT = "count"
    DECISION_VOID = "void"
    VOTER_FIRST = "first"
    VOTER_SECOND = "second"

    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (DECISION_COUNT, _("Count the ballot with the projects ticked below")),
            (DECISION_VOID, _("The ballot is void: do not count it")),
        ],
        widget=forms.RadioSelect,
    )
    voter = forms.ChoiceField(
        label=_("Whose ballot is it?"),
        choices=[
            (VOTER_FIRST, _("The person typed in the first entry")),
            (VOTER_SECOND, _("The person typed in the second entry")),
        ],
        widget=forms.RadioSelect,
        required=False,
        help_text=_("The two entries identified different people: check the details on the paper."),
    )
    projects = ProjectChoiceField(label=_("Projects ticked on the paper"), queryset=None, required=False)

    def __init__(self, *args, projects, allow_count: bool = True, two_voters: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["projects"].queryset = projects
        if not allow_count:
            self.fields["decision"].choices = [(self.DECISION_VOID, _("The ballot is void: do not count it"))]
            self.fields["decision"].initial = self.DECISION_VOID
            del self.fields["projects"]
        if not (allow_count and two_voters):
            del self.fields["voter"]

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("decision") == self.DECISION_COUNT
            and "voter" in self.fields
            and not cleaned.get("voter")
            and "voter" not in self.errors
        ):
            self.add_error("voter", _("Choose whose ballot this paper is."))
        return cleaned

    @property
    def is_void(self) -> bool:
        return self.cleaned_data["decision"] == self.DECISION_VOID

    @property
    def use_second_voter(self) -> bool:
        return self.cleaned_data.get("voter") == self.VOTER_SECOND


# --- Budgets ------------------------------------------------------------------------------------------------


class BudgetForm(forms.Form):
    """A budget of the process: the service checks the amount (euros, comma or dot), the slug, the area and
    the coherence of the ballot rule."""

    # Title and amount are required by the service, whose messages say what to type.
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    slug = forms.CharField(
        label=_("Short name in the address (slug)"),
        max_length=120,
        required=False,
        help_text=_("Letters, digits and hyphens. Empty: made from the title."),
    )
    description = forms.CharField(label=_("Description"), widget=forms.Textarea, required=False)
    area = forms.ModelChoiceField(
        label=_("Area"),
        queryset=None,
        required=False,
        empty_label=_("Whole territory"),
    )
    amount = forms.CharField(
        label=_("Envelope (€)"), max_length=30, required=False, help_text=_("For example 25000 or 25000,50.")
    )
    ballot_rule = forms.ChoiceField(label=_("Ballot rule"), choices=BallotRule.choices)
    min_projects = forms.IntegerField(label=_("Minimum number of projects"), required=False)
    max_projects = forms.IntegerField(
        label=_("Maximum number of projects"),
        required=False,
        help_text=_("Required for an approval ballot."),
    )
    min_share_percent = forms.IntegerField(
        label=_("Minimum share of the envelope (%)"),
        required=False,
        help_text=_("Knapsack ballot only: a ballot must spend at least this share of the envelope."),
    )
    allocation_rule = forms.ChoiceField(label=_("Allocation rule"), choices=AllocationRule.choices)
    position = forms.IntegerField(
        label=_("Position"), required=False, help_text=_("Empty: after the other budgets.")
    )

    def __init__(self, *args, areas, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = areas
