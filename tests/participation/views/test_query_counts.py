"""Query counts of the resident pages: the same whatever the number of rows (no query per proposal, comment
or transition). Every page is asked for by a signed-in resident, the viewer who costs the most (session, user,
permission look-ups, their own support and follow). Each expected query is named in the comments."""

import pytest
from django.test import override_settings

from participation.models import ProposalTransition
from tests.factories import AreaFactory, CategoryFactory, CommentFactory, ProposalFactory, UserFactory

pytestmark = pytest.mark.django_db

SESSION_AND_USER = 2  # the session row, the signed-in user
ROLE_PERMISSIONS = 2  # the user's own permissions and their groups' permissions (asked once by `has_perm`)


@pytest.fixture
def process(debate_process):
    debate_process.areas.set([AreaFactory(), AreaFactory()])
    debate_process.categories.set([CategoryFactory(), CategoryFactory()])
    return debate_process


def make_proposals(process, count):
    area, category = process.areas.first(), process.categories.first()
    for number in range(count):
        ProposalFactory(
            process=process,
            state="in_debate",
            area=area,
            category=category,
            title=f"Proposition de banc numéro {number}",
            supports_count=number,
        )


@pytest.mark.parametrize("rows", [3, 30])
@pytest.mark.parametrize(
    "query", [{}, {"sort": "supports"}, {"sort": "newest", "q": "banc", "state": "in_debate"}]
)
@override_settings(PLACETTE_PROPOSALS_PER_PAGE=25)
def test_process_page_with_its_proposals_list_runs_a_fixed_number_of_queries(
    resident_client, process, django_assert_num_queries, rows, query
):
    make_proposals(process, rows)
    url = process.get_absolute_url()
    resident_client.get(url)  # the visitor's random seed is now in their session

    with django_assert_num_queries(
        SESSION_AND_USER
        + 1  # the process, with the viewer's follow as a subquery
        + 1  # its phases (the timeline, and every phase rule asked by the template)
        + 2  # its areas and categories (the filters)
        + 1  # the paginator's count
        + ROLE_PERMISSIONS  # `has_perm` for the staff links and buttons
        + 1  # the page of proposals (at most 25) with area and category
        + 1  # the number of proposals in each state, one aggregate (GROUP BY state) for the progress chart
    ):
        response = resident_client.get(url, query)

    assert len(response.context["proposals"]) == min(rows, 25)


@pytest.mark.parametrize("rows", [3, 30])
def test_home_page_runs_a_fixed_number_of_queries(resident_client, django_assert_num_queries, rows):
    from tests.factories import ProcessFactory

    for _number in range(rows):
        ProcessFactory(with_phase="debate")

    with django_assert_num_queries(
        1  # the published processes
        + 1  # their phases
        + SESSION_AND_USER
        + ROLE_PERMISSIONS  # `has_perm` for the staff links of the header
    ):
        response = resident_client.get("/")

    assert len(response.context["open_processes"]) == rows


@pytest.mark.parametrize("rows", [3, 50])
def test_proposal_page_with_comments_runs_a_fixed_number_of_queries(
    resident_client, resident, process, django_assert_num_queries, rows
):
    proposal = ProposalFactory(process=process, state="in_debate")
    ProposalTransition.objects.create(
        proposal=proposal, actor=proposal.author, name="submit", from_state="draft", to_state="submitted"
    )
    ProposalTransition.objects.create(
        proposal=proposal,
        actor=UserFactory(moderator=True),
        name="admit",
        from_state="submitted",
        to_state="in_debate",
    )
    for number in range(rows):
        # Every kind of row: the viewer's own comments (edit/delete links), others' (report link), replies.
        author = resident if number % 3 == 0 else UserFactory()
        alignment = ["for", "against", "neutral"][number % 3]
        comment = CommentFactory(proposal=proposal, author=author, alignment=alignment)
        CommentFactory(proposal=proposal, parent=comment)
    url = f"/processes/{process.slug}/proposals/{proposal.pk}/"

    with django_assert_num_queries(
        SESSION_AND_USER
        + 1  # the proposal with process, author, area, category, duplicate, the viewer's support and follow
        + 1  # the process's phases
        + 1  # the transitions with their actors
        + 3  # the actors' direct permissions, groups, and the groups' permissions (for their public role)
        + 1  # every comment and reply, with its author
        + ROLE_PERMISSIONS  # `has_perm` (view_proposal asks whether the viewer is staff)
    ):
        response = resident_client.get(url)

    assert len(response.context["threads"].comments) == rows
    assert response.content.decode().count('class="comment comment--reply"') == rows
