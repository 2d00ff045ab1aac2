"""Forms of the signed-in person's own pages (/me/...). They validate shape only; the service decides."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .models import Area, User


class ProfileForm(forms.Form):
    display_name = forms.CharField(
        label=_("Display name"),
        max_length=User._meta.get_field("display_name").max_length,
        help_text=_("The name shown next to your proposals and comments."),
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )
    preferred_language = forms.ChoiceField(
        label=_("Preferred language"),
        choices=settings.LANGUAGES,
        help_text=_("Placette's pages and e-mails use this language."),
    )
    area = forms.ModelChoiceField(
        label=_("Where do you live?"),
        queryset=Area.objects.all(),
        required=False,
        empty_label=_("I prefer not to say"),
        help_text=_("Helps us show you what happens near you. Optional."),
    )

    @classmethod
    def for_user(cls, user: User, data=None) -> "ProfileForm":
        return cls(
            data=data,
            initial={
                "display_name": user.display_name,
                "preferred_language": user.preferred_language,
                "area": user.area_id,
            },
        )


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name of the token"),
        max_length=100,
        help_text=_("Say what will use it, e.g. “map of the village website”."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
