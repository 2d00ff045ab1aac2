"""Forms of the staff pages (moderation, triage, evaluation). They validate the shape of the input; the rules
of the domain (who may do what, in which state) live in the services."""

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import Proposal, ProposalState, RejectionReason
from .services.proposals import ANSWER_MAX_LENGTH, HIDDEN_REASON_MAX_LENGTH, PUBLIC_REASON_MAX_LENGTH

# A billion euros: larger than any participatory budget, small enough to catch a slip of the keyboard.
MAX_COST_CENTS = 100_000_000_000

# Spaces people and spreadsheets put between groups of thousands: space, no-break space, narrow no-break
# space, thin space.
_GROUP_SPACES = re.compile("[ \u00a0\u202f\u2009]")
_PLAIN = re.compile(r"^(?P<units>\d+)(?:[.,](?P<decimals>\d{1,2}))?$")
_GROUPED = re.compile(
    r"^(?P<units>\d{1,3}(?:(?P<sep>[.,'])\d{3})(?:(?P=sep)\d{3})*)(?:(?P<dec>[.,])(?P<decimals>\d{1,2}))?$"
)


class AmountError(ValueError):
    """The text is not an amount of euros; the message says why, for a person."""


def parse_euros_to_cents(text: str) -> int:
    """Reads an amount of euros as people type it and returns whole cents.

    Accepts "1234", "1234.56", "1234,56", "1 234,56", "1.234,56", "1,234.56", "1 234 €"; a comma or a dot
    followed by one or two digits is the decimal mark, followed by three digits it groups thousands. Refuses
    negative amounts, more than two decimals and anything else, with an `AmountError` saying why."""
    value = (text or "").strip()
    value = value.removesuffix("€").removesuffix("EUR").removesuffix("eur").strip()
    value = value.removeprefix("€").strip()
    if not value:
        raise AmountError(_("Enter an amount in euros."))
    if value.startswith(("-", "\u2212")):
        raise AmountError(_("The amount cannot be negative."))
    value = _GROUP_SPACES.sub("", value.removeprefix("+"))

    match = _PLAIN.match(value)
    if match is None:
        match = _GROUPED.match(value)
        if match is None or (match.group("dec") and match.group("dec") == match.group("sep")):
            raise AmountError(
                _("Write the amount in euros with at most two decimals, for example 1 234,56 or 1234.56.")
            )
    units = re.sub(r"\D", "", match.group("units"))
    decimals = (match.group("decimals") or "").ljust(2, "0")
    try:
        cents = int(Decimal(units) * 100 + Decimal(decimals))
    except InvalidOperation as error:  # pragma: no cover - the patterns only let digits through
        raise AmountError(_("Enter an amount in euros.")) from error
    if cents > MAX_COST_CENTS:
        raise AmountError(_("This amount is too large."))
    return cents


class EuroAmountField(forms.Field):
    """A text input for an amount of euros, cleaned to whole cents (an int)."""

    widget = forms.TextInput
    max_text_length = 40

    def widget_attrs(self, widget):
        return {
            **super().widget_attrs(widget),
            "inputmode": "decimal",
            "autocomplete": "off",
            "maxlength": str(self.max_text_length),
        }

    def to_python(self, value):
        text = str(value).strip() if value is not None else ""
        if text in self.empty_values:
            return None
        if len(text) > self.max_text_length:
            raise ValidationError(_("This amount is too long."), code="max_length")
        try:
            return parse_euros_to_cents(text)
        except AmountError as error:
            raise ValidationError(str(error.args[0]), code="invalid_amount") from error


class HideForm(forms.Form):
    """Hide a proposal or a comment: the reason is mandatory and kept with the hidden content."""

    reason = forms.CharField(
        label=_("Reason for hiding"),
        max_length=HIDDEN_REASON_MAX_LENGTH,
        help_text=_("Shown to the author and kept in the moderation history."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, prefix_id: str = "", **kwargs):
        # Several hide forms share the moderation queue: distinct ids keep each label bound to its own field.
        super().__init__(*args, auto_id=f"id_hide{prefix_id}_%s", **kwargs)


class AdmitForm(forms.Form):
    """Admit a submitted proposal to the debate before the debate phase opens: a confirmation, no input."""


class RejectForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason"), choices=RejectionReason.choices, widget=forms.RadioSelect)
    duplicate_of = forms.ModelChoiceField(
        label=_("Duplicate of"),
        queryset=Proposal.objects.none(),
        required=False,
        empty_label=_("Choose the proposal it duplicates"),
        help_text=_("Only when the reason is “Duplicate of another proposal”."),
    )
    public_reason = forms.CharField(
        label=_("Public explanation"),
        max_length=PUBLIC_REASON_MAX_LENGTH,
        help_text=_("Shown on the proposal's timeline and sent to its author."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, proposal: Proposal, reasons=None, **kwargs):
        """`reasons`: the reason codes the viewer may give (evaluators: "not feasible" only); None: all."""
        super().__init__(*args, **kwargs)
        if reasons is not None:
            self.fields["reason"].choices = [
                (value, label) for value, label in RejectionReason.choices if value in reasons
            ]
            if len(reasons) == 1:
                self.fields["reason"].initial = next(iter(reasons))
        if reasons is not None and RejectionReason.DUPLICATE not in reasons:
            del self.fields["duplicate_of"]
            return
        self.fields["duplicate_of"].queryset = (
            Proposal.objects.filter(process_id=proposal.process_id, hidden_at__isnull=True)
            .exclude(pk=proposal.pk)
            .exclude(state__in=[ProposalState.DRAFT, ProposalState.WITHDRAWN])
            .order_by("title", "pk")
        )
        self.fields["duplicate_of"].label_from_instance = lambda p: f"#{p.pk} — {p.title}"

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("reason") == RejectionReason.DUPLICATE and not cleaned.get("duplicate_of"):
            if "duplicate_of" not in self.errors:
                self.add_error("duplicate_of", _("Choose the proposal this one duplicates."))
        if cleaned.get("reason") != RejectionReason.DUPLICATE:
            cleaned["duplicate_of"] = None
        return cleaned


class AcceptForm(forms.Form):
    cost_estimate = EuroAmountField(
        label=_("Cost estimate (euros)"),
        help_text=_("For example 12 500 or 1 234,56."),
    )
    answer = forms.CharField(
        label=_("Public answer"),
        max_length=ANSWER_MAX_LENGTH,
        help_text=_("What the evaluation found: shown on the proposal's page and sent to its author."),
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class TriageFilterForm(forms.Form):
    """Filters of the per-process triage list (GET). Unknown values are ignored, never an error page."""

    state = forms.ChoiceField(label=_("State"), required=False)
    area = forms.ModelChoiceField(label=_("Area"), queryset=None, required=False, empty_label=_("All areas"))

    def __init__(self, *args, areas, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["state"].choices = [("", _("All states")), *ProposalState.choices]
        self.fields["area"].queryset = areas

    def filters(self) -> dict:
        # A field with a bad value drops out of cleaned_data: that filter is ignored, the others still apply.
        self.is_valid()
        return {"state": self.cleaned_data.get("state") or None, "area": self.cleaned_data.get("area")}
