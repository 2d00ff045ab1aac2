import pytest

from participation.models import Follow, Support
from tests.factories import ProcessFactory, ProposalFactory, SupportFactory, UserFactory

from .conftest import messages_of

pytestmark = pytest.mark.django_db


def url_of(proposal) -> str:
    return f"/processes/{proposal.process.slug}/proposals/{proposal.pk}/"


def test_a_resident_supports_then_withdraws_their_support(resident_client, resident, debate_process):
    proposal = ProposalFactory(process=debate_process, state="in_debate")

    supported = resident_client.post(url_of(proposal) + "support/", follow=True)

    assert supported.redirect_chain == [(url_of(proposal), 302)]
    assert messages_of(supported) == ["You support this proposal."]
    assert Support.objects.filter(proposal=proposal, user=resident).count() == 1
    assert "<strong>1 support</strong>" in supported.content.decode()

    withdrawn = resident_client.post(url_of(proposal) + "unsupport/", follow=True)

    assert messages_of(withdrawn) == ["You no longer support this proposal."]
    assert Support.objects.count() == 0


def test_supporting_twice_shows_an_error_and_keeps_one_support(resident_client, resident, debate_process):
    proposal = ProposalFactory(process=debate_process, state="in_debate")
    SupportFactory(proposal=proposal, user=resident)

    response = resident_client.post(url_of(proposal) + "support/", follow=True)

    assert messages_of(response) == ["You already support this proposal."]
    assert Support.objects.count() == 1
    assert 'class="message message--error"' in response.content.decode()


def test_supporting_outside_the_support_phase_is_refused_and_changes_nothing(resident_client):
    proposal = ProposalFactory(process=ProcessFactory(with_phase="evaluation"), state="in_debate")

    response = resident_client.post(url_of(proposal) + "support/", follow=True)

    assert response.status_code == 200
    assert len(messages_of(response)) == 1
    assert Support.objects.count() == 0


def test_supporting_a_draft_of_someone_else_answers_404(resident_client, debate_process):
    draft = ProposalFactory(process=debate_process, state="draft")

    assert resident_client.post(url_of(draft) + "support/").status_code == 404
    assert Support.objects.count() == 0


def test_an_unverified_account_gets_403_and_nothing_changes(client, debate_process):
    proposal = ProposalFactory(process=debate_process, state="in_debate")
    client.force_login(UserFactory(unverified=True))

    assert client.post(url_of(proposal) + "support/").status_code == 403
    assert Support.objects.count() == 0


def test_anonymous_actions_redirect_to_login_then_back_to_the_proposal(client, debate_process):
    proposal = ProposalFactory(process=debate_process, state="in_debate")

    response = client.post(url_of(proposal) + "support/")

    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={url_of(proposal)}"
    assert Support.objects.count() == 0


def test_action_urls_answer_405_to_get(resident_client, debate_process):
    proposal = ProposalFactory(process=debate_process, state="in_debate")

    for verb in ("support", "unsupport", "follow", "unfollow", "comments"):
        assert resident_client.get(url_of(proposal) + f"{verb}/").status_code == 405


def test_unknown_proposal_answers_404(resident_client, debate_process):
    assert (
        resident_client.post(f"/processes/{debate_process.slug}/proposals/424242/support/").status_code == 404
    )


def test_following_and_unfollowing_a_proposal(resident_client, resident, debate_process):
    proposal = ProposalFactory(process=debate_process, state="in_debate")

    followed = resident_client.post(url_of(proposal) + "follow/", follow=True)

    assert messages_of(followed) == ["You follow this proposal: you will hear about what happens to it."]
    assert Follow.objects.filter(user=resident, proposal=proposal).count() == 1
    assert f'action="{url_of(proposal)}unfollow/"' in followed.content.decode()

    unfollowed = resident_client.post(url_of(proposal) + "unfollow/", follow=True)

    assert messages_of(unfollowed) == ["You no longer follow this proposal."]
    assert Follow.objects.count() == 0


def test_following_and_unfollowing_a_process(resident_client, resident, debate_process):
    url = debate_process.get_absolute_url()

    followed = resident_client.post(url + "follow/", follow=True)

    assert followed.redirect_chain == [(url, 302)]
    assert messages_of(followed) == ["You follow this process: you will hear when a phase opens."]
    assert Follow.objects.filter(user=resident, process=debate_process).count() == 1
    assert f'action="{url}unfollow/"' in followed.content.decode()

    unfollowed = resident_client.post(url + "unfollow/", follow=True)

    assert messages_of(unfollowed) == ["You no longer follow this process."]
    assert Follow.objects.count() == 0


def test_following_an_unknown_process_answers_404(resident_client):
    assert resident_client.post("/processes/inconnu/follow/").status_code == 404
