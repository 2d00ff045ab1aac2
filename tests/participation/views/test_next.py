"""POST actions honour a `next` field that stays on this site (the buttons of "my proposals" and "my supports"
come back to those pages) and ignore any other `next`: they go to their usual page instead (no open
redirect)."""

import pytest

from participation.models import Follow, Support
from tests.factories import ProposalFactory, SupportFactory, UserFactory

from .conftest import messages_of

pytestmark = pytest.mark.django_db

UNSAFE_NEXTS = [
    "https://evil.example/",
    "//evil.example/me/supports/",
    "http://testserver.evil.example/",
    "javascript:alert(1)",
    "/\\evil.example/",
]


def url_of(proposal) -> str:
    return f"/processes/{proposal.process.slug}/proposals/{proposal.pk}/"


# --- Supports -----------------------------------------------------------------------------------------------


def test_withdrawing_a_support_from_my_supports_comes_back_to_my_supports(
    resident_client, resident, debate_process
):
    proposal = ProposalFactory(process=debate_process, state="in_debate")
    SupportFactory(proposal=proposal, user=resident)

    response = resident_client.post(url_of(proposal) + "unsupport/", {"next": "/me/supports/"})

    assert response.status_code == 302
    assert response["Location"] == "/me/supports/"
    assert Support.objects.count() == 0


def test_my_supports_sends_its_own_address_as_next(resident_client, resident, debate_process):
    proposal = ProposalFactory(process=debate_process, state="in_debate")
    SupportFactory(proposal=proposal, user=resident)

    html = resident_client.get("/me/supports/").content.decode()

    assert f'action="{url_of(proposal)}unsupport/"' in html
    assert '<input type="hidden" name="next" value="/me/supports/">' in html


@pytest.mark.parametrize("unsafe_next", UNSAFE_NEXTS)
def test_an_unsafe_next_is_ignored_and_the_action_goes_back_to_the_proposal(
    resident_client, resident, debate_process, unsafe_next
):
    proposal = ProposalFactory(process=debate_process, state="in_debate")
    SupportFactory(proposal=proposal, user=resident)

    response = resident_client.post(url_of(proposal) + "unsupport/", {"next": unsafe_next})

    assert response.status_code == 302
    assert response["Location"] == url_of(proposal)
    assert Support.objects.count() == 0


def test_a_refused_action_also_goes_back_to_a_safe_next(resident_client, resident, debate_process):
    proposal = ProposalFactory(process=debate_process, state="in_debate")
    SupportFactory(proposal=proposal, user=resident)

    response = resident_client.post(url_of(proposal) + "support/", {"next": "/me/supports/"}, follow=True)

    assert response.redirect_chain == [("/me/supports/", 302)]
    assert messages_of(response) == ["You already support this proposal."]
    assert Support.objects.count() == 1


@pytest.mark.parametrize(
    ("verb", "next_url", "expected"),
    [
        ("support", "/me/supports/?page=2", "/me/supports/?page=2"),
        ("support", "https://evil.example/", None),
        ("follow", "/me/proposals/", "/me/proposals/"),
        ("follow", "//evil.example/", None),
    ],
)
def test_support_and_follow_honour_only_a_safe_next(
    resident_client, resident, debate_process, verb, next_url, expected
):
    proposal = ProposalFactory(process=debate_process, state="in_debate")

    response = resident_client.post(url_of(proposal) + f"{verb}/", {"next": next_url})

    assert response["Location"] == (expected or url_of(proposal))
    model = Support if verb == "support" else Follow
    assert model.objects.filter(proposal=proposal, user=resident).count() == 1


def test_unfollow_honours_a_safe_next(resident_client, resident, debate_process):
    proposal = ProposalFactory(process=debate_process, state="in_debate")
    resident_client.post(url_of(proposal) + "follow/")

    response = resident_client.post(url_of(proposal) + "unfollow/", {"next": "/me/proposals/"})

    assert response["Location"] == "/me/proposals/"
    assert Follow.objects.filter(proposal=proposal, user=resident).count() == 0


@pytest.mark.parametrize(("next_url", "expected"), [("/", "/"), ("https://evil.example/", None)])
def test_following_a_process_honours_only_a_safe_next(
    resident_client, resident, debate_process, next_url, expected
):
    response = resident_client.post(f"{debate_process.get_absolute_url()}follow/", {"next": next_url})

    assert response["Location"] == (expected or debate_process.get_absolute_url())
    assert Follow.objects.filter(process=debate_process, user=resident).count() == 1


# --- Submit and withdraw from "my proposals" ----------------------------------------------------------------


def test_submitting_from_my_proposals_comes_back_to_my_proposals(client, submission_process):
    author = UserFactory()
    draft = ProposalFactory(process=submission_process, author=author, state="draft")
    client.force_login(author)

    page = client.get("/me/proposals/").content.decode()
    response = client.post(url_of(draft) + "submit/", {"next": "/me/proposals/"})

    assert '<input type="hidden" name="next" value="/me/proposals/">' in page
    assert response["Location"] == "/me/proposals/"
    draft.refresh_from_db()
    assert draft.state == "submitted"


@pytest.mark.parametrize("unsafe_next", UNSAFE_NEXTS)
def test_submitting_with_an_unsafe_next_goes_to_the_proposal(client, submission_process, unsafe_next):
    author = UserFactory()
    draft = ProposalFactory(process=submission_process, author=author, state="draft")
    client.force_login(author)

    response = client.post(url_of(draft) + "submit/", {"next": unsafe_next})

    assert response["Location"] == url_of(draft)
    draft.refresh_from_db()
    assert draft.state == "submitted"


def test_withdrawing_from_my_proposals_confirms_then_comes_back_to_my_proposals(client, debate_process):
    author = UserFactory()
    proposal = ProposalFactory(process=debate_process, author=author, state="in_debate")
    client.force_login(author)

    listing = client.get("/me/proposals/").content.decode()
    confirmation = client.get(url_of(proposal) + "withdraw/", {"next": "/me/proposals/"}).content.decode()
    response = client.post(url_of(proposal) + "withdraw/", {"next": "/me/proposals/"})

    assert f'href="{url_of(proposal)}withdraw/?next=/me/proposals/"' in listing
    assert '<input type="hidden" name="next" value="/me/proposals/">' in confirmation
    assert '<a href="/me/proposals/">No, keep it</a>' in confirmation
    assert response["Location"] == "/me/proposals/"
    proposal.refresh_from_db()
    assert proposal.state == "withdrawn"


@pytest.mark.parametrize("unsafe_next", UNSAFE_NEXTS)
def test_the_withdraw_confirmation_never_echoes_an_unsafe_next(client, debate_process, unsafe_next):
    author = UserFactory()
    proposal = ProposalFactory(process=debate_process, author=author, state="in_debate")
    client.force_login(author)

    confirmation = client.get(url_of(proposal) + "withdraw/", {"next": unsafe_next}).content.decode()
    response = client.post(url_of(proposal) + "withdraw/", {"next": unsafe_next})

    assert confirmation.count('name="next"') == 1  # the language switcher's only
    assert f'<a href="{url_of(proposal)}">No, keep it</a>' in confirmation
    assert response["Location"] == url_of(proposal)
