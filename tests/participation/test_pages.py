"""The information pages linked from the footer (help, privacy, accessibility) and the sentences whose
translation used to be assembled from pieces (a link and the rest of its sentence, a button word and its
visually-hidden complement)."""

import re

import pytest
from django.conf import settings
from django.urls import reverse

from participation.views_pages import page_languages
from tests.factories import CommentFactory, ProcessFactory, ProposalFactory, SupportFactory, UserFactory

pytestmark = pytest.mark.django_db

PAGE_HEADINGS = {
    "help": {"fr": "Comment fonctionne Placette", "en": "How Placette works"},
    "privacy": {"fr": "Vie privée et données personnelles", "en": "Privacy and your personal data"},
    "accessibility": {"fr": "Déclaration d’accessibilité", "en": "Accessibility statement"},
}
# A sentence of each page's text, proving the body was written in that language.
PAGE_SENTENCES = {
    "help": {
        "fr": "Pour participer, il faut un compte.",
        "en": "To take part, you need an account.",
    },
    "privacy": {
        "fr": "Placette garde le moins possible de données sur vous.",
        "en": "Placette keeps as little data about you as possible.",
    },
    "accessibility": {
        "fr": "Le site n’a pas encore été audité par un expert indépendant.",
        "en": "The site has not yet been audited by an independent expert.",
    },
}
PAGES = list(PAGE_HEADINGS)
CONTACT = "participation@condroz.example"


def get_html(client, path, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


def footer_of(html: str) -> str:
    return html[html.index('<footer class="site-footer">') :]


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("name", PAGES)
def test_each_page_answers_in_french_and_english_with_its_heading_and_its_own_text(client, name, language):
    html = get_html(client, reverse(name), language)

    assert (
        f'<html lang="{language}">' in html,
        f"<h1>{PAGE_HEADINGS[name][language]}</h1>" in html,
        f"<title>{PAGE_HEADINGS[name][language]} · Placette</title>" in html,
        PAGE_SENTENCES[name][language] in html,
        "not yet written in your language" in html,
    ) == (True, True, True, True, False)


@pytest.mark.parametrize("name", PAGES)
def test_a_visitor_without_language_preference_gets_the_french_page(client, name):
    html = client.get(reverse(name)).content.decode()

    heading, sentence = PAGE_HEADINGS[name]["fr"], PAGE_SENTENCES[name]["fr"]
    assert (f"<h1>{heading}</h1>" in html, sentence in html) == (True, True)


@pytest.mark.parametrize(
    ("language", "heading", "notice"),
    [
        (
            "de",
            "So funktioniert Placette",
            "Diese Seite ist noch nicht in Ihrer Sprache verfasst. Sprache des folgenden Textes: Englisch.",
        ),
        (
            "nl",
            "Hoe Placette werkt",
            "Deze pagina is nog niet in uw taal geschreven. Taal van de tekst hieronder: Engels.",
        ),
    ],
)
def test_german_and_dutch_show_the_english_text_under_a_translated_title_and_notice(
    client, language, heading, notice
):
    html = get_html(client, reverse("help"), language)

    assert (
        f"<h1>{heading}</h1>" in html,
        f'<p class="lead">{notice}</p>' in html,
        '<div class="prose page-text" lang="en">' in html,
        PAGE_SENTENCES["help"]["en"] in html,
    ) == (True, True, True, True)


def test_inside_an_english_fallback_the_state_badges_are_in_english_too(client):
    html = get_html(client, reverse("help"), "de")

    assert (">In debate</span>" in html, ">In Diskussion</span>" in html) == (True, False)


@pytest.mark.parametrize(
    ("language", "expected"),
    [("fr", ["fr"]), ("en", ["en", "fr"]), ("nl", ["nl", "en", "fr"]), ("de", ["de", "en", "fr"])],
)
def test_page_languages_try_the_active_language_then_english_for_dutch_and_german_then_french(
    language, expected
):
    assert page_languages(language) == expected


@pytest.mark.parametrize("path", ["/", "/help/", "/privacy/", "/accessibility/"])
def test_every_page_links_the_three_pages_from_its_footer(client, path):
    footer = footer_of(get_html(client, path, "fr"))

    assert re.findall(r'<a href="(/(?:help|privacy|accessibility)/)"[^>]*>([^<]+)</a>', footer) == [
        ("/help/", "Comment ça marche"),
        ("/privacy/", "Vie privée"),
        ("/accessibility/", "Accessibilité"),
    ]
    assert '<nav class="footer-nav" aria-label="À propos de Placette">' in footer


def test_the_footer_marks_the_current_page(client):
    footer = footer_of(get_html(client, "/privacy/", "en"))

    assert re.findall(r'<a href="([^"]+)" aria-current="page">', footer) == ["/privacy/"]


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("name", PAGES)
def test_each_page_gives_the_contact_address_from_the_settings(client, settings, name, language):
    settings.PLACETTE_CONTACT_EMAIL = CONTACT

    html = get_html(client, reverse(name), language)

    assert f'<a href="mailto:{CONTACT}">{CONTACT}</a>' in html


@pytest.mark.parametrize("name", PAGES)
def test_without_a_contact_address_the_pages_send_residents_to_the_organiser_without_a_mailto_link(
    client, settings, name
):
    settings.PLACETTE_CONTACT_EMAIL = ""

    html = get_html(client, reverse(name), "fr")

    assert ("mailto:" in html, "organisateur" in html) == (False, True)


def test_the_help_page_explains_every_proposal_state_with_the_badges_used_elsewhere(client):
    html = get_html(client, reverse("help"), "fr")

    badges = re.findall(
        r'<th scope="row"><span class="badge badge--(\w+)">'
        r'<span class="visually-hidden">État[^<]*</span>([^<]+)</span>',
        html,
    )
    assert badges == [
        ("draft", "Brouillon"),
        ("submitted", "Déposée"),
        ("in_debate", "En débat"),
        ("withdrawn", "Retirée"),
        ("rejected", "Refusée"),
        ("accepted", "Acceptée"),
        ("on_ballot", "Soumise au vote"),
        ("selected", "Retenue"),
        ("not_selected", "Non retenue"),
    ]


def test_the_help_page_names_the_buttons_as_the_pages_show_them(client):
    buttons = ["Déposer une proposition", "Soutenir cette proposition", "S’inscrire"]
    html = get_html(client, reverse("help"), "fr")

    assert [name for name in buttons if f"«\u00a0{name}\u00a0»" in html] == buttons


def test_the_privacy_page_gives_the_cookie_durations_from_the_settings(client, settings):
    settings.SESSION_COOKIE_AGE = 7 * 86400

    html = get_html(client, reverse("privacy"), "en")

    assert (
        "It lasts 7 days at most;" in html,
        f"It lasts {settings.CSRF_COOKIE_AGE // 86400} days at most;" in html,
        "It disappears when you close your browser." in html,
    ) == (True, True, True)


@pytest.mark.parametrize("name", PAGES)
def test_pages_refuse_a_post(client, name):
    assert client.post(reverse(name)).status_code == 405


# --- Sentences translated in one piece ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "sentence"),
    [
        ("fr", '<a href="{url}">Connectez-vous</a> pour déposer, soutenir et suivre des propositions.'),
        (
            "de",
            '<a href="{url}">Melden Sie sich an</a>, um Vorschläge einzureichen, zu unterstützen und '
            "ihnen zu folgen.",
        ),
        ("en", '<a href="{url}">Log in</a> to submit, support and follow proposals.'),
    ],
)
def test_the_process_page_invites_visitors_to_log_in_in_one_sentence_that_comes_back_to_it(
    client, language, sentence
):
    process = ProcessFactory(with_phase="submission", slug="appel-a-idees")
    url = "/accounts/login/?next=/processes/appel-a-idees/"

    html = get_html(client, process.get_absolute_url(), language)

    assert sentence.format(url=url) in html


@pytest.mark.parametrize(
    ("language", "sentence"),
    [
        ("fr", '<a href="{url}">Connectez-vous</a> pour soutenir, suivre ou commenter cette proposition.'),
        (
            "de",
            '<a href="{url}">Melden Sie sich an</a>, um diesen Vorschlag zu unterstützen, ihm zu folgen oder '
            "ihn zu kommentieren.",
        ),
    ],
)
def test_the_proposal_page_invites_visitors_to_log_in_in_one_sentence_that_comes_back_to_it(
    client, language, sentence
):
    process = ProcessFactory(with_phase="debate", slug="budget-2027")
    proposal = ProposalFactory(process=process, state="in_debate")
    path = f"/processes/budget-2027/proposals/{proposal.pk}/"
    url = f"/accounts/login/?next=/processes/budget-2027/proposals/{proposal.pk}/"

    html = get_html(client, path, language)

    assert sentence.format(url=url) in html


@pytest.mark.parametrize(
    ("language", "edit", "delete"),
    [
        (
            "fr",
            'Modifier<span class="visually-hidden"> votre commentaire</span></a>',
            'Supprimer<span class="visually-hidden"> votre commentaire</span></a>',
        ),
        (
            "de",
            '<span class="visually-hidden">Ihren Kommentar </span>Bearbeiten</a>',
            '<span class="visually-hidden">Ihren Kommentar </span>Löschen</a>',
        ),
    ],
)
def test_the_author_s_comment_links_read_as_one_phrase(client, language, edit, delete):
    process = ProcessFactory(with_phase="debate")
    proposal = ProposalFactory(process=process, state="in_debate")
    author = UserFactory()
    CommentFactory(proposal=proposal, author=author)
    client.force_login(author)

    html = get_html(client, proposal.get_absolute_url(), language)

    assert (edit in html, delete in html) == (True, True)


@pytest.mark.parametrize(
    ("language", "report", "reply"),
    [
        (
            "fr",
            'Signaler<span class="visually-hidden"> le commentaire de Camille Dupont</span></a>',
            'Répondre<span class="visually-hidden"> à Camille Dupont</span></summary>',
        ),
        (
            "de",
            '<span class="visually-hidden">Den Kommentar von Camille Dupont </span>Melden</a>',
            '<span class="visually-hidden">Camille Dupont </span>Antworten</summary>',
        ),
    ],
)
def test_report_and_reply_on_someone_else_s_comment_read_as_one_phrase(client, language, report, reply):
    process = ProcessFactory(with_phase="debate")
    proposal = ProposalFactory(process=process, state="in_debate")
    CommentFactory(proposal=proposal, author=UserFactory(display_name="Camille Dupont"))
    client.force_login(UserFactory())

    html = get_html(client, proposal.get_absolute_url(), language)

    assert (report in html, reply in html) == (True, True)


@pytest.mark.parametrize(
    ("language", "button"),
    [
        (
            "fr",
            'Retirer mon soutien<span class="visually-hidden"> à «\u00a0Des bancs au lavoir\u00a0»</span>'
            "</button>",
        ),
        (
            "de",
            'Meine Unterstützung<span class="visually-hidden"> für „Des bancs au lavoir“</span> zurückziehen'
            "</button>",
        ),
    ],
)
def test_withdrawing_a_support_names_the_proposal_inside_the_sentence(client, language, button):
    process = ProcessFactory(with_phase="debate")
    proposal = ProposalFactory(process=process, state="in_debate", title="Des bancs au lavoir")
    resident = UserFactory()
    SupportFactory(proposal=proposal, user=resident)
    client.force_login(resident)

    html = get_html(client, reverse("my_supports"), language)

    assert button in html
