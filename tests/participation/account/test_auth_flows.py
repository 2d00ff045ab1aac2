"""The real account flows of django-allauth, through Placette's pages: sign up, confirm the e-mail address,
log in, log out, reset and change the password."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from participation.models import User
from tests.factories import PASSWORD, AreaFactory, UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-much-longer-passphrase-42"


def link_in(message) -> str:
    """The path of the only link of an e-mail."""
    urls = re.findall(r"https?://[^\s]+", message.body)
    assert len(urls) == 1, message.body
    return re.sub(r"^https?://[^/]+", "", urls[0])


def sign_up(client, **overrides):
    data = {
        "email": "lea@example.org",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
        "display_name": "Léa de Ciney",
        "area": "",
        "preferred_language": "fr",
    } | overrides
    return client.post(reverse("account_signup"), data)


def test_signup_page_uses_placette_layout_and_labels_every_field(client):
    response = client.get(reverse("account_signup"))

    html = response.content.decode()
    assert response.status_code == 200
    assert '<a class="skip-link" href="#main">' in html
    assert html.count("<h1") == 1
    assert "<h1>Sign up</h1>" in html
    for field in ("email", "password1", "password2", "display_name", "area", "preferred_language"):
        assert f'<label for="id_{field}">' in html


def test_signup_creates_an_unverified_user_and_mails_a_confirmation_link(client):
    area = AreaFactory(name="Ciney")

    response = sign_up(client, area=str(area.pk))

    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    user = User.objects.get(email="lea@example.org")
    assert user.email_verified is False
    assert user.display_name == "Léa de Ciney"
    assert user.area == area
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["lea@example.org"]
    assert message.subject == "[Placette] Welcome to Placette: confirm your e-mail address"
    assert link_in(message).startswith("/accounts/confirm-email/")
    assert "The Placette team" in message.body


def test_verification_sent_page_tells_to_open_the_mail(client):
    sign_up(client)

    response = client.get(reverse("account_email_verification_sent"))

    assert "<h1>Confirm your e-mail address</h1>" in response.content.decode()


def test_signup_with_a_missing_display_name_shows_an_error_and_creates_nobody(client):
    response = sign_up(client, display_name="")

    assert response.status_code == 200
    assert response.context["form"].errors["display_name"] == ["This field is required."]
    assert 'class="error-summary"' in response.content.decode()
    assert not User.objects.filter(email="lea@example.org").exists()
    assert mail.outbox == []


def test_opening_the_confirmation_link_asks_to_confirm_without_confirming(client):
    sign_up(client)
    path = link_in(mail.outbox[0])

    response = client.get(path)

    assert response.status_code == 200
    html = response.content.decode()
    assert "<strong>lea@example.org</strong>" in html
    # allauth signs the key again when it renders the page (with the current second), so compare the address
    # the key signs (the part before the timestamp), not the whole key.
    signed_address = path.rstrip("/").rsplit("/", 1)[1].split(":")[0]
    assert re.search(rf'<form method="post" action="/accounts/confirm-email/{signed_address}:[^"]+/"', html)
    assert User.objects.get(email="lea@example.org").email_verified is False


def test_confirming_the_address_verifies_the_user(client):
    sign_up(client)
    path = link_in(mail.outbox[0])

    response = client.post(path)

    assert response.status_code == 302
    user = User.objects.get(email="lea@example.org")
    assert user.email_verified is True
    assert EmailAddress.objects.get(user=user).verified is True


def test_confirming_the_address_in_the_signup_session_logs_the_user_in(client):
    sign_up(client)
    path = link_in(mail.outbox[0])

    response = client.post(path)

    assert response["Location"] == reverse("home")
    assert client.get(reverse("my_proposals")).status_code == 200


def test_a_wrong_confirmation_key_says_the_link_is_not_valid(client):
    response = client.get(reverse("account_confirm_email", args=["not-a-key"]))

    assert response.status_code == 200
    assert "This confirmation link has expired or is not valid." in response.content.decode()


def test_login_with_a_verified_address_logs_in_and_goes_home(client):
    user = UserFactory(email="max@example.org")

    response = client.post(reverse("account_login"), {"login": "max@example.org", "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert client.session["_auth_user_id"] == str(user.pk)


def test_login_with_a_wrong_password_shows_an_error_and_stays_anonymous(client):
    UserFactory(email="max@example.org")

    response = client.post(reverse("account_login"), {"login": "max@example.org", "password": "wrong"})

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "The email address and/or password you specified are not correct."
    ]
    assert "_auth_user_id" not in client.session


def test_login_before_confirming_sends_the_confirmation_again_and_does_not_log_in(client):
    sign_up(client)
    client.logout()
    mail.outbox.clear()

    response = client.post(reverse("account_login"), {"login": "lea@example.org", "password": NEW_PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session
    assert len(mail.outbox) == 1


def test_logout_asks_for_confirmation_then_logs_out_on_post(client):
    user = UserFactory()
    client.force_login(user)

    page = client.get(reverse("account_logout"))
    response = client.post(reverse("account_logout"))

    assert "<h1>Log out</h1>" in page.content.decode()
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_password_reset_mails_a_link_that_sets_a_new_password(client):
    user = UserFactory(email="max@example.org")

    response = client.post(reverse("account_reset_password"), {"email": "max@example.org"})

    assert response.status_code == 302
    assert response["Location"] == reverse("account_reset_password_done")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "[Placette] Choose a new password"
    key_page = client.get(link_in(mail.outbox[0]), follow=True)
    assert "<h1>Choose a new password</h1>" in key_page.content.decode()
    form_path = key_page.redirect_chain[-1][0] if key_page.redirect_chain else link_in(mail.outbox[0])
    done = client.post(form_path, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert done.status_code == 302
    assert done["Location"] == reverse("account_reset_password_from_key_done")
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


def test_password_reset_for_an_unknown_address_reveals_nothing_on_the_page(client):
    response = client.post(reverse("account_reset_password"), {"email": "nobody@example.org"})

    assert response.status_code == 302
    assert response["Location"] == reverse("account_reset_password_done")


def test_a_used_or_wrong_reset_link_says_the_link_is_not_valid(client):
    response = client.get(reverse("account_reset_password_from_key", kwargs={"uidb36": "zz", "key": "bad"}))

    assert response.status_code == 200
    assert "<h1>Link not valid</h1>" in response.content.decode()


def test_password_change_needs_the_old_password(client):
    user = UserFactory()
    client.force_login(user)

    refused = client.post(
        reverse("account_change_password"),
        {"oldpassword": "wrong", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    changed = client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assert refused.status_code == 200
    assert refused.context["form"].errors["oldpassword"] == ["Please type your current password."]
    assert changed.status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


@pytest.mark.parametrize(
    "url_name",
    ["account_login", "account_signup", "account_reset_password", "account_email_verification_sent"],
)
def test_anonymous_account_pages_render_in_the_placette_layout(client, url_name):
    response = client.get(reverse(url_name))

    html = response.content.decode()
    assert response.status_code == 200
    assert '<header class="site-header">' in html
    assert html.count("<h1") == 1
    assert "<script" not in html


@pytest.mark.parametrize("url_name", ["account_change_password", "account_email", "account_logout"])
def test_signed_in_account_pages_render_in_the_placette_layout(client, url_name):
    client.force_login(UserFactory())

    response = client.get(reverse(url_name))

    html = response.content.decode()
    assert response.status_code == 200
    assert '<header class="site-header">' in html
    assert html.count("<h1") == 1
    assert "<script" not in html
