"""/me/settings/: display name, preferred language and area of residence, through `user_update_profile`."""

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from participation.exceptions import InvalidInputError
from participation.services.users import user_update_profile
from tests.factories import AreaFactory, UserFactory

from .conftest import messages_of

pytestmark = pytest.mark.django_db

URL = "/me/settings/"


def profile(user) -> tuple:
    user.refresh_from_db()
    return user.display_name, user.preferred_language, user.area_id


def test_the_settings_url_is_named_account_settings():
    assert reverse("account_settings") == URL


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={URL}"


def test_the_form_shows_the_current_profile_and_links_to_password_and_email(resident_client, resident):
    area = AreaFactory(name="Havelange")
    resident.area = area
    resident.save()

    response = resident_client.get(URL)

    html = response.content.decode()
    assert response.status_code == 200
    assert response.context["form"].initial == {
        "display_name": "Camille Resident",
        "preferred_language": "fr",
        "area": area.pk,
    }
    assert f'href="{reverse("account_change_password")}"' in html
    assert f'href="{reverse("account_email")}"' in html
    assert "camille@example.org" in html


def test_saving_changes_the_profile_and_drops_the_language_cookie(resident_client, resident):
    area = AreaFactory(name="Ciney")

    response = resident_client.post(
        URL, {"display_name": "  Camille de Ciney ", "preferred_language": "nl", "area": str(area.pk)}
    )

    assert response.status_code == 302
    assert response["Location"] == URL
    assert profile(resident) == ("Camille de Ciney", "nl", area.pk)
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == ""
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME]["max-age"] == 0


def test_the_area_may_be_left_empty(resident_client, resident):
    resident.area = AreaFactory()
    resident.save()

    resident_client.post(URL, {"display_name": "Camille", "preferred_language": "en", "area": ""})

    assert profile(resident) == ("Camille", "en", None)


def test_the_confirmation_is_in_the_language_just_chosen(resident_client):
    response = resident_client.post(
        URL, {"display_name": "Camille", "preferred_language": "en", "area": ""}, follow=True
    )

    assert messages_of(response) == ["Your settings are saved."]


@pytest.mark.parametrize(
    ("data", "field", "error"),
    [
        (
            {"display_name": "", "preferred_language": "fr", "area": ""},
            "display_name",
            "This field is required.",
        ),
        (
            {"display_name": "   ", "preferred_language": "fr", "area": ""},
            "display_name",
            "This field is required.",
        ),
        (
            {"display_name": "x" * 81, "preferred_language": "fr", "area": ""},
            "display_name",
            "Ensure this value has at most 80 characters (it has 81).",
        ),
        (
            {"display_name": "Camille", "preferred_language": "xx", "area": ""},
            "preferred_language",
            "Select a valid choice. xx is not one of the available choices.",
        ),
        (
            {"display_name": "Camille", "preferred_language": "fr", "area": "999999"},
            "area",
            "Select a valid choice. That choice is not one of the available choices.",
        ),
    ],
)
def test_bad_input_shows_an_error_on_the_field_and_changes_nothing(
    resident_client, resident, data, field, error
):
    before = profile(resident)

    response = resident_client.post(URL, data)

    assert response.status_code == 200
    assert response.context["form"].errors == {field: [error]}
    assert 'class="error-summary"' in response.content.decode()
    assert profile(resident) == before


def test_the_service_refuses_to_change_someone_elses_profile(resident):
    intruder = UserFactory(moderator=True)

    with pytest.raises(PermissionDenied):
        user_update_profile(
            actor=intruder, user=resident, display_name="Piraté", preferred_language="fr", area=None
        )

    assert profile(resident) == ("Camille Resident", "fr", None)


def test_the_service_checks_its_input_itself(resident):
    with pytest.raises(InvalidInputError) as caught:
        user_update_profile(
            actor=resident, user=resident, display_name=" ", preferred_language="xx", area="Ciney"
        )

    assert set(caught.value.field_errors) == {"display_name", "preferred_language", "area"}
    assert profile(resident) == ("Camille Resident", "fr", None)
