from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .models import Area


class SignupForm(AllauthSignupForm):
    display_name = forms.CharField(
        label=_("Display name"), max_length=80,
        help_text=_("The name shown next to your proposals and comments."),
    )
    area = forms.ModelChoiceField(
        label=_("Where do you live?"), queryset=Area.objects.all(), required=False,
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
