from decimal import Decimal

from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .models import Area, Category, CommentAlignment, ProposalState, ReportReason
from .models.comments import COMMENT_MAX_LENGTH
from .models.proposals import PUBLIC_STATES, TITLE_MAX_LENGTH, TITLE_MIN_LENGTH
from .selectors import SORT_CHOICES, SORT_RANDOM, ProposalFilters


class SignupForm(AllauthSignupForm):
    display_name = forms.CharField(
        label=_("Display name"),
        max_length=80,
        help_text=_("The name shown next to your proposals and comments."),
    )
    area = forms.ModelChoiceField(
        label=_("Where do you live?"),
        queryset=Area.objects.all(),
        required=False,
        empty_label=_("I prefer not to say"),
    )
    preferred_language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES, initial="fr")

    def save(self, request):
        user = super().save(request)
        user.display_name = self.cleaned_data["display_name"]
        user.area = self.cleaned_data["area"]
        user.preferred_language = self.cleaned_data["preferred_language"]
        user.save(update_fields=["display_name", "area", "preferred_language"])
        return user


# --- Resident pages: forms check the shape of the input; the services decide what is allowed. --------------


class ProposalFilterForm(forms.Form):
    """The filters and sort order of a process's proposals list (GET). Choices come from lists the page has
    already loaded, so validating a choice never queries."""

    q = forms.CharField(label=_("Search in titles and texts"), max_length=100, required=False)
    area = forms.TypedChoiceField(label=_("Area"), coerce=int, required=False, empty_value=None)
    category = forms.TypedChoiceField(label=_("Category"), coerce=int, required=False, empty_value=None)
    state = forms.ChoiceField(label=_("State"), required=False)
    sort = forms.ChoiceField(label=_("Sort by"), required=False)

    def __init__(self, *args, areas=(), categories=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = [("", _("All areas"))] + [(area.pk, area.name) for area in areas]
        self.fields["category"].choices = [("", _("All categories"))] + [
            (category.pk, category.name) for category in categories
        ]
        self.fields["state"].choices = [("", _("All states"))] + [
            (state.value, state.label) for state in ProposalState if state.value in PUBLIC_STATES
        ]
        self.fields["sort"].choices = SORT_CHOICES
        if not areas:
            del self.fields["area"]
        if not categories:
            del self.fields["category"]

    def filters(self) -> ProposalFilters:
        """The valid filters; an invalid value is ignored (and reported on the form)."""
        data = self.cleaned_data if self.is_bound else {}
        errors = self.errors if self.is_bound else {}
        return ProposalFilters(
            area_id=None if "area" in errors else data.get("area"),
            category_id=None if "category" in errors else data.get("category"),
            state=None if "state" in errors else (data.get("state") or None),
            text="" if "q" in errors else (data.get("q") or ""),
        )

    def chosen_sort(self) -> str:
        if self.is_bound and "sort" not in self.errors and self.cleaned_data.get("sort"):
            return self.cleaned_data["sort"]
        return SORT_RANDOM


class ProposalForm(forms.Form):
    """Create or edit a proposal. "Save draft" accepts an unfinished proposal; "Submit" also asks for what a
    submitted proposal needs (the same condition the state machine checks before leaving the draft state)."""

    title = forms.CharField(
        label=_("Title"),
        max_length=TITLE_MAX_LENGTH,
    )
    body = forms.CharField(
        label=_("Your proposal"),
        widget=forms.Textarea(attrs={"rows": 10}),
        required=False,
        max_length=10000,
        help_text=_("What, where, for whom, and why it matters."),
    )
    area = forms.ModelChoiceField(
        label=_("Area"), queryset=Area.objects.none(), required=False, empty_label=_("Choose an area")
    )
    category = forms.ModelChoiceField(
        label=_("Category (optional)"),
        queryset=Category.objects.none(),
        required=False,
        empty_label=_("No category"),
    )
    latitude = forms.DecimalField(
        label=_("Latitude (optional)"),
        required=False,
        min_value=Decimal("-90"),
        max_value=Decimal("90"),
        max_digits=9,
        decimal_places=6,
        help_text=_("For example 50.4561"),
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    longitude = forms.DecimalField(
        label=_("Longitude (optional)"),
        required=False,
        min_value=Decimal("-180"),
        max_value=Decimal("180"),
        max_digits=9,
        decimal_places=6,
        help_text=_("For example 5.1234"),
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )

    def __init__(self, *args, process, submitting=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.submitting = submitting
        areas = process.areas.all()
        categories = process.categories.all()
        self.fields["area"].queryset = areas if areas else Area.objects.all()
        self.fields["category"].queryset = categories if categories else Category.objects.all()
        self.fields["area"].help_text = _("Required to submit.")
        self.fields["title"].help_text = _("Between %(min)d and %(max)d characters.") % {
            "min": TITLE_MIN_LENGTH,
            "max": TITLE_MAX_LENGTH,
        }

    def clean(self):
        cleaned = super().clean()
        latitude, longitude = cleaned.get("latitude"), cleaned.get("longitude")
        if (
            (latitude is None) != (longitude is None)
            and not self.has_error("latitude")
            and not self.has_error("longitude")
        ):
            missing = "longitude" if longitude is None else "latitude"
            self.add_error(missing, _("Give both the latitude and the longitude, or neither."))
        if self.submitting:
            title = (cleaned.get("title") or "").strip()
            if title and len(title) < TITLE_MIN_LENGTH:
                self.add_error(
                    "title",
                    _("The title needs at least %(min)d characters to submit.") % {"min": TITLE_MIN_LENGTH},
                )
            if not (cleaned.get("body") or "").strip() and not self.has_error("body"):
                self.add_error("body", _("Describe your proposal before submitting it."))
            if cleaned.get("area") is None and not self.has_error("area"):
                self.add_error("area", _("Choose the area your proposal is for before submitting it."))
        return cleaned


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Your comment"), widget=forms.Textarea(attrs={"rows": 4}), max_length=COMMENT_MAX_LENGTH
    )
    alignment = forms.ChoiceField(
        label=_("Your position"),
        choices=CommentAlignment.choices,
        initial=CommentAlignment.NEUTRAL,
        widget=forms.RadioSelect,
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)


class CommentEditForm(forms.Form):
    body = forms.CharField(
        label=_("Your comment"), widget=forms.Textarea(attrs={"rows": 6}), max_length=COMMENT_MAX_LENGTH
    )
    alignment = forms.ChoiceField(
        label=_("Your position"), choices=CommentAlignment.choices, widget=forms.RadioSelect
    )


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Why are you reporting this?"), choices=ReportReason.choices, widget=forms.RadioSelect
    )
    details = forms.CharField(
        label=_("Details (optional)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=1000,
        required=False,
        help_text=_("Anything that helps the moderators understand the problem."),
    )
