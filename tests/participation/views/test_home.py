from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import PhaseFactory, ProcessFactory

pytestmark = pytest.mark.django_db


def test_home_lists_open_processes_with_their_current_phase_before_the_others(client):
    open_process = ProcessFactory(with_phase="debate", title="Budget ouvert")
    finished = ProcessFactory(with_phase="past", title="Budget terminé")
    upcoming = ProcessFactory(title="Budget à venir")
    PhaseFactory(
        process=upcoming,
        kind="submission",
        start_at=timezone.now() + timedelta(days=3),
        end_at=timezone.now() + timedelta(days=30),
    )

    response = client.get("/")

    assert response.status_code == 200
    assert [p.pk for p in response.context["open_processes"]] == [open_process.pk]
    assert [p.pk for p in response.context["other_processes"]] == [upcoming.pk, finished.pk]
    html = response.content.decode()
    assert "Now: <strong>Debate</strong>" in html
    assert "Next: Submission of proposals" in html
    assert html.index("Budget ouvert") < html.index("Budget à venir") < html.index("Budget terminé")


def test_home_does_not_list_unpublished_processes(client):
    ProcessFactory(with_phase="debate", title="Brouillon de processus", is_published=False)

    response = client.get("/")

    assert "Brouillon de processus" not in response.content.decode()
    assert "No process is open at the moment." in response.content.decode()


def test_home_escapes_process_titles(client):
    ProcessFactory(with_phase="debate", title="<script>alert('x')</script>")

    html = client.get("/").content.decode()

    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    assert "<script>alert" not in html


def test_every_page_has_a_skip_link_landmarks_and_one_h1(client):
    ProcessFactory(with_phase="debate")

    html = client.get("/").content.decode()

    assert '<a class="skip-link" href="#main">' in html
    assert '<main id="main"' in html
    assert html.count("<h1") == 1
    assert "<header" in html and "<footer" in html and "<nav" in html


def test_anonymous_visitors_see_login_and_signup_links(client):
    html = client.get("/").content.decode()

    assert 'href="/accounts/login/?next=/"' in html
    assert 'href="/accounts/signup/"' in html
    assert "Log out" not in html


def test_signed_in_residents_see_their_links_and_a_logout_form_but_no_staff_links(resident_client):
    html = resident_client.get("/").content.decode()

    assert 'href="/me/proposals/"' in html
    assert 'href="/me/supports/"' in html
    assert '<form method="post" action="/accounts/logout/"' in html
    assert 'href="/staff/moderation/"' not in html


def test_moderators_see_the_moderation_link(client):
    from tests.factories import UserFactory

    client.force_login(UserFactory(moderator=True))

    html = client.get("/").content.decode()

    assert 'href="/staff/moderation/"' in html


def test_the_language_switcher_posts_to_set_language_with_the_four_languages(client):
    html = client.get("/").content.decode()

    assert '<form method="post" action="/i18n/setlang/"' in html
    for code in ("fr", "nl", "de", "en"):
        assert f'<option value="{code}" lang="{code}"' in html


def test_switching_language_changes_the_page_language(client):
    response = client.post("/i18n/setlang/", {"language": "fr", "next": "/"})

    assert response.status_code == 302
    assert client.get("/").content.decode().startswith('<!DOCTYPE html>\n\n<html lang="fr">')
