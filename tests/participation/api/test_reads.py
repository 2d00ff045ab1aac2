"""What the API shows is what the pages show: published processes, public proposals (a draft only to its
author and staff), a hidden proposal without its text, hidden and deleted comments without theirs, no debate
under a hidden proposal, nobody's e-mail address."""

import pytest

from participation.models import Proposal
from participation.services.proposals import proposal_reject
from tests.factories import ProposalFactory, UserFactory

from .world import bearer, token_for

pytestmark = pytest.mark.django_db


def _all_pages(api, url, **headers):
    results = []
    while url:
        body = api.get(url, **headers).json()
        results += body["results"]
        url = body["next"]
    return results


def test_lists_show_only_published_processes_and_public_proposals(api, world):
    slugs = [process["slug"] for process in _all_pages(api, "/api/v1/processes/")]
    assert sorted(slugs) == ["debat", "resultats", "vote"]
    proposals = _all_pages(api, "/api/v1/proposals/?page_size=100")
    assert {proposal["process"] for proposal in proposals} == {"debat"}
    assert "draft" not in {proposal["state"] for proposal in proposals}
    assert len(proposals) == 10  # 8 public states, the resident's own and the hidden one


def test_a_draft_is_shown_to_its_author_and_staff_only(api, world):
    draft = next(proposal for proposal in world.proposals if proposal.state == "draft")
    assert api.get(f"/api/v1/proposals/{draft.pk}/").status_code == 404
    assert api.get(f"/api/v1/proposals/{draft.pk}/", **bearer(token_for(UserFactory()))).status_code == 404
    assert api.get(f"/api/v1/proposals/{draft.pk}/", **bearer(token_for(draft.author))).status_code == 200
    moderator = UserFactory(moderator=True)
    assert api.get(f"/api/v1/proposals/{draft.pk}/", **bearer(token_for(moderator))).status_code == 200


def test_a_proposal_of_an_unpublished_process_is_404(api, world):
    hidden_process_proposal = world.proposals[-1]
    assert api.get(f"/api/v1/proposals/{hidden_process_proposal.pk}/").status_code == 404
    assert api.get(f"/api/v1/processes/{world.hidden_process.slug}/").status_code == 404


def test_a_hidden_proposal_keeps_its_state_and_reason_not_its_text(api, world):
    hidden = next(proposal for proposal in world.proposals if proposal.hidden_at)
    body = api.get(f"/api/v1/proposals/{hidden.pk}/").json()
    assert body["is_hidden"] is True
    assert body["hidden_reason"] == "Propos injurieux."
    assert (body["title"], body["body"], body["author_name"], body["area"], body["latitude"]) == (
        "",
        "",
        None,
        None,
        None,
    )
    assert body["state"] == "in_debate"
    assert hidden.title not in api.get("/api/v1/proposals/?page_size=100").content.decode()
    assert api.get("/api/v1/proposals/", {"search": hidden.title}).json()["count"] == 0
    visible = world.proposals[2]
    assert [
        row["id"] for row in api.get("/api/v1/proposals/", {"search": visible.title}).json()["results"]
    ] == [visible.pk]


def test_comments_blank_hidden_and_deleted_ones_and_skip_the_debate_of_hidden_proposals(api, world):
    comments = {comment["id"]: comment for comment in _all_pages(api, "/api/v1/comments/")}
    top, reply, hidden, deleted, under_hidden = world.comments
    assert under_hidden.pk not in comments
    assert comments[top.pk]["status"] == "visible" and comments[top.pk]["body"] == top.body
    assert comments[reply.pk]["parent"] == top.pk
    assert comments[hidden.pk] == {
        **comments[hidden.pk],
        "status": "hidden",
        "body": "",
        "author_name": None,
        "alignment": None,
        "hidden_reason": "Hors sujet.",
    }
    assert comments[deleted.pk]["status"] == "deleted" and comments[deleted.pk]["author_name"] is None
    assert api.get(f"/api/v1/comments/{under_hidden.pk}/").status_code == 404


def test_no_email_address_leaves_through_the_api(api, world):
    resident_headers = bearer(token_for(world.resident))
    emails = [user.email for user in type(world.resident).objects.all()]
    for url in [
        "/api/v1/proposals/?page_size=100",
        "/api/v1/comments/?page_size=100",
        f"/api/v1/proposals/{world.proposals[2].pk}/",
        "/api/v1/processes/",
        "/api/v1/budgets/",
        f"/api/v1/budgets/{world.budgets[2].pk}/results/",
        f"/api/v1/voters/{world.vote.slug}/",
    ]:
        page = api.get(url, **resident_headers).content.decode()
        assert not any(email in page for email in emails), url


def test_the_timeline_names_staff_by_role_only(api, world):
    moderator = UserFactory(moderator=True, display_name="Dominique Modératrice")
    proposal = ProposalFactory(process=world.debate, state="submitted")
    proposal_reject(
        actor=moderator,
        proposal=proposal,
        reason="out_of_scope",
        public_reason="Hors du territoire de la commune.",
    )
    body = api.get(f"/api/v1/proposals/{proposal.pk}/").json()
    assert body["timeline"] == [
        {
            "name": "reject",
            "from_state": "submitted",
            "to_state": "rejected",
            "reason_code": "out_of_scope",
            "public_reason": "Hors du territoire de la commune.",
            "actor_role": "moderator",
            "actor_role_label": "a moderator",
            "at": body["timeline"][0]["at"],
        }
    ]
    assert "Dominique" not in api.get(f"/api/v1/proposals/{proposal.pk}/").content.decode()


def test_filters_and_ordering(api, world):
    Proposal.objects.filter(pk=world.proposals[2].pk).update(supports_count=5)
    in_debate = api.get("/api/v1/proposals/?state=in_debate&ordering=-supports_count").json()["results"]
    assert [proposal["state"] for proposal in in_debate] == ["in_debate"] * 3
    assert [proposal["supports_count"] for proposal in in_debate] == [5, 0, 0]
    south = world.areas[1]
    assert api.get(f"/api/v1/proposals/?area={south.pk}").json()["count"] == 2
    assert api.get("/api/v1/proposals/?process=nope").status_code == 400
    assert api.get("/api/v1/proposals/?page=99").status_code == 404


def test_results_are_shown_once_the_results_page_shows_them(api, world):
    town, _approval, counted = world.budgets
    assert api.get(f"/api/v1/budgets/{town.pk}/results/").status_code == 404
    response = api.get(f"/api/v1/budgets/{counted.pk}/results/")
    assert response.status_code == 200
    body = response.json()
    assert body["ballots_count"] == 2
    assert [project["votes_total"] for project in body["projects"]] == [2, 1, 1]
    budgets = {budget["id"]: budget for budget in api.get("/api/v1/budgets/").json()["results"]}
    assert budgets[counted.pk]["results_available"] is True
    assert budgets[town.pk]["results_available"] is False
