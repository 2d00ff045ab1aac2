"""/me/proposals/ and /me/supports/: the viewer's own proposals (drafts included) and supports."""

import pytest
from django.urls import reverse

from participation.models import ProposalState
from tests.factories import ProcessFactory, ProposalFactory, SupportFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("url_name", "path"), [("my_proposals", "/me/proposals/"), ("my_supports", "/me/supports/")]
)
def test_anonymous_visitors_are_sent_to_the_login_page(client, url_name, path):
    response = client.get(reverse(url_name))

    assert reverse(url_name) == path
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={path}"


# --- My proposals -------------------------------------------------------------------------------------------


def test_my_proposals_lists_every_state_of_my_own_proposals_and_nobody_elses(resident_client, resident):
    process = ProcessFactory(with_phase="debate")
    mine = {
        state: ProposalFactory(process=process, author=resident, state=state, title=f"Ma proposition {state}")
        for state in ProposalState.values
    }
    ProposalFactory(process=process, state=ProposalState.DRAFT, title="Le brouillon de quelqu'un d'autre")

    response = resident_client.get("/me/proposals/")

    assert response.status_code == 200
    assert {p.pk for p in response.context["proposals"]} == {p.pk for p in mine.values()}
    html = response.content.decode()
    assert "Le brouillon de quelqu&#x27;un d&#x27;autre" not in html
    for state in ProposalState:
        assert f'<span class="badge badge--{state.value}">' in html


def test_a_draft_shows_submit_and_edit_while_submission_is_open(resident_client, resident):
    process = ProcessFactory(with_phase="submission")
    draft = ProposalFactory(process=process, author=resident, state=ProposalState.DRAFT)

    html = resident_client.get("/me/proposals/").content.decode()

    assert f'action="{reverse("proposal_submit", kwargs={"slug": process.slug, "pk": draft.pk})}"' in html
    assert f'href="{reverse("proposal_edit", kwargs={"slug": process.slug, "pk": draft.pk})}"' in html


def test_a_proposal_in_debate_offers_withdraw_but_not_edit(resident_client, resident):
    process = ProcessFactory(with_phase="debate")
    proposal = ProposalFactory(process=process, author=resident, state=ProposalState.IN_DEBATE)

    html = resident_client.get("/me/proposals/").content.decode()

    withdraw_url = reverse("proposal_withdraw", kwargs={"slug": process.slug, "pk": proposal.pk})
    assert f'href="{withdraw_url}?next=/me/proposals/"' in html  # the confirmation comes back here
    assert reverse("proposal_edit", kwargs={"slug": process.slug, "pk": proposal.pk}) not in html
    assert reverse("proposal_submit", kwargs={"slug": process.slug, "pk": proposal.pk}) not in html


def test_a_hidden_proposal_shows_the_moderation_reason_to_its_author(resident_client, resident):
    ProposalFactory(author=resident, state=ProposalState.IN_DEBATE, hidden_reason="Propos injurieux")

    html = resident_client.get("/me/proposals/").content.decode()

    assert "Propos injurieux" not in html  # not hidden yet: nothing to explain
    ProposalFactory(
        author=resident,
        state=ProposalState.IN_DEBATE,
        hidden_reason="Publicité",
        hidden_at="2025-01-01T10:00:00Z",
    )
    html = resident_client.get("/me/proposals/").content.decode()
    assert "Hidden by moderation: Publicité" in html


def test_my_proposals_escapes_titles(resident_client, resident):
    ProposalFactory(author=resident, state=ProposalState.DRAFT, title="<script>alert(1)</script> banc")

    html = resident_client.get("/me/proposals/").content.decode()

    assert "&lt;script&gt;alert(1)&lt;/script&gt; banc" in html
    assert "<script>alert(1)" not in html


def test_my_proposals_says_so_when_there_is_none(resident_client):
    html = resident_client.get("/me/proposals/").content.decode()

    assert "You have not written any proposal yet." in html


@pytest.mark.parametrize("rows", [3, 30])
def test_my_proposals_runs_the_same_queries_for_3_and_30_rows(client, django_assert_num_queries, rows):
    author = UserFactory()
    processes = [ProcessFactory(with_phase="debate"), ProcessFactory(with_phase="submission")]
    for index in range(rows):
        state = [ProposalState.DRAFT, ProposalState.SUBMITTED, ProposalState.IN_DEBATE][index % 3]
        ProposalFactory(author=author, process=processes[index % 2], state=state)
    client.force_login(author)

    # session, user, proposals with process, area, category; phases (prefetch; the rules asked per row read
    # it); the viewer's permissions, direct and through groups (the staff links of the navigation).
    with django_assert_num_queries(6):
        response = client.get("/me/proposals/")

    assert len(response.context["proposals"]) == rows


# --- My supports --------------------------------------------------------------------------------------------


def test_my_supports_groups_my_supports_by_process_with_the_supports_left(resident_client, resident):
    limited = ProcessFactory(with_phase="debate", title="Budget limité", support_limit_per_user=3)
    unlimited = ProcessFactory(with_phase="debate", title="Budget sans limite")
    first = SupportFactory(user=resident, proposal=ProposalFactory(process=limited, state="in_debate"))
    second = SupportFactory(user=resident, proposal=ProposalFactory(process=unlimited, state="in_debate"))
    SupportFactory(proposal=ProposalFactory(process=limited, state="in_debate"))  # someone else's

    response = resident_client.get("/me/supports/")

    groups = {group.process.pk: group for group in response.context["groups"]}
    assert set(groups) == {limited.pk, unlimited.pk}
    assert [s.pk for s in groups[limited.pk].supports] == [first.pk]
    assert [s.pk for s in groups[unlimited.pk].supports] == [second.pk]
    assert (groups[limited.pk].used, groups[limited.pk].limit, groups[limited.pk].remaining) == (1, 3, 2)
    assert (groups[unlimited.pk].limit, groups[unlimited.pk].remaining) == (None, None)
    html = response.content.decode()
    assert "You use 1 of your 3 supports in this process:" in html
    assert "2 supports left." in html
    assert "You support 1 proposal in this process." in html


def test_a_support_can_be_withdrawn_from_my_supports_while_the_support_phase_is_open(
    resident_client, resident
):
    open_process = ProcessFactory(with_phase="debate")
    closed_process = ProcessFactory(with_phase="evaluation")
    open_proposal = ProposalFactory(process=open_process, state="in_debate")
    closed_proposal = ProposalFactory(process=closed_process, state="in_debate")
    SupportFactory(user=resident, proposal=open_proposal)
    SupportFactory(user=resident, proposal=closed_proposal)

    html = resident_client.get("/me/supports/").content.decode()

    def unsupport_url(proposal):
        return reverse("proposal_unsupport", kwargs={"slug": proposal.process.slug, "pk": proposal.pk})

    assert unsupport_url(open_proposal) in html
    assert unsupport_url(closed_proposal) not in html


def test_my_supports_says_so_when_there_is_none(resident_client):
    html = resident_client.get("/me/supports/").content.decode()

    assert "You do not support any proposal yet." in html


@pytest.mark.parametrize("rows", [3, 30])
def test_my_supports_runs_the_same_queries_for_3_and_30_rows(client, django_assert_num_queries, rows):
    user = UserFactory()
    processes = [
        ProcessFactory(with_phase="debate", support_limit_per_user=50),
        ProcessFactory(with_phase="debate"),
    ]
    for index in range(rows):
        SupportFactory(user=user, proposal=ProposalFactory(process=processes[index % 2], state="in_debate"))
    client.force_login(user)

    # session, user, supports with proposal, process, area, category; phases (prefetch); the viewer's
    # permissions, direct and through groups (the staff links of the navigation).
    with django_assert_num_queries(6):
        response = client.get("/me/supports/")

    assert sum(group.used for group in response.context["groups"]) == rows
