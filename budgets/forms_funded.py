"""Forms of the funded-project and association pages. They check the shape of the input; the services decide
what is allowed (who, in which state) and check the uploaded files (`budgets.uploads`)."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import AssociationRole, FundedProjectState, ProgressMode

PHOTO_SLOTS = 3


class FundedFilterForm(forms.Form):
    state = forms.ChoiceField(label=_("State"), required=False)
    area = forms.ChoiceField(label=_("Area"), required=False)
    association = forms.ChoiceField(label=_("Association"), required=False)

    def __init__(self, *args, areas=(), associations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["state"].choices = [("", _("All states")), *FundedProjectState.choices]
        self.fields["area"].choices = [("", _("All areas"))] + [(area.slug, area.name) for area in areas]
        self.fields["association"].choices = [("", _("All associations"))] + [
            (association.slug, association.name) for association in associations
        ]


def _cents(amount) -> int:
    return int((Decimal(amount) * 100).to_integral_value())


class UpdateForm(forms.Form):
    body = forms.CharField(
        label=_("What happened"), widget=forms.Textarea(attrs={"rows": 5}), max_length=10_000
    )
    happened_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for index in range(PHOTO_SLOTS):
            self.fields[f"photo_{index}"] = forms.FileField(
                label=_("Photo %(number)d") % {"number": index + 1},
                required=False,
                help_text=_("JPEG, PNG or WebP."),
                widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
            )
            self.fields[f"alt_{index}"] = forms.CharField(
                label=_("Description of photo %(number)d (for people who cannot see it)")
                % {"number": index + 1},
                required=False,
                max_length=300,
            )

    def photos(self) -> list:
        return [
            (self.cleaned_data.get(f"photo_{index}"), self.cleaned_data.get(f"alt_{index}", ""))
            for index in range(PHOTO_SLOTS)
            if self.cleaned_data.get(f"photo_{index}")
        ]


class MilestoneForm(forms.Form):
    title = forms.CharField(label=_("Milestone"), max_length=200)
    planned_on = forms.DateField(
        label=_("Planned date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class MilestoneDoneForm(forms.Form):
    done_on = forms.DateField(label=_("Done on"), widget=forms.DateInput(attrs={"type": "date"}))


class ExpenseForm(forms.Form):
    amount = forms.DecimalField(label=_("Amount (€)"), min_value=0, max_digits=12, decimal_places=2)
    spent_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    description = forms.CharField(label=_("What it paid for"), max_length=300)
    receipt = forms.FileField(
        label=_("Receipt"),
        required=False,
        help_text=_("A PDF file or a photo (JPEG, PNG or WebP)."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/jpeg,image/png,image/webp"}),
    )

    def amount_cents(self) -> int:
        return _cents(self.cleaned_data["amount"])


class TransitionForm(forms.Form):
    transition = forms.ChoiceField(
        label=_("Change"),
        choices=[
            ("start", _("Start the work")),
            ("pause", _("Pause")),
            ("resume", _("Resume")),
            ("complete", _("Mark as completed")),
            ("cancel", _("Cancel the project")),
        ],
    )
    reason = forms.CharField(
        label=_("Public reason"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required to cancel; shown on the project's timeline."),
    )


class ProgressForm(forms.Form):
    mode = forms.ChoiceField(
        label=_("How the progress is computed"), choices=ProgressMode.choices, widget=forms.RadioSelect
    )
    percent = forms.IntegerField(
        label=_("Progress set by hand (%)"), min_value=0, max_value=100, required=False
    )


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    role = forms.ChoiceField(label=_("Role"), choices=AssociationRole.choices, initial=AssociationRole.MEMBER)


class AssociationForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    contact_email = forms.EmailField(label=_("Contact e-mail"), required=False)
    contact_phone = forms.CharField(label=_("Contact phone"), required=False, max_length=40)
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    first_manager = forms.EmailField(
        label=_("E-mail of the first manager"),
        required=False,
        help_text=_("They receive an invitation to manage the association's members."),
    )


class FundedProjectForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    allocated = forms.DecimalField(
        label=_("Allocated amount (€)"), min_value=0, max_digits=12, decimal_places=2
    )
    process = forms.ModelChoiceField(
        label=_("Process"), queryset=None, required=False, empty_label=_("No process (funded another way)")
    )
    area = forms.ModelChoiceField(
        label=_("Area"), queryset=None, required=False, empty_label=_("Whole territory")
    )
    parent = forms.ModelChoiceField(
        label=_("Part of the project"), queryset=None, required=False, empty_label=_("None")
    )
    latitude = forms.DecimalField(label=_("Latitude"), required=False, max_digits=9, decimal_places=6)
    longitude = forms.DecimalField(label=_("Longitude"), required=False, max_digits=9, decimal_places=6)
    associations = forms.ModelMultipleChoiceField(
        label=_("Carried by"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, processes, areas, projects, associations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["process"].queryset = processes
        self.fields["area"].queryset = areas
        self.fields["parent"].queryset = projects
        self.fields["associations"].queryset = associations

    def allocated_cents(self) -> int:
        return _cents(self.cleaned_data["allocated"])


class CarriersForm(forms.Form):
    associations = forms.ModelMultipleChoiceField(
        label=_("Carried by"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, associations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["associations"].queryset = associations
