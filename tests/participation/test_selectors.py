import random
from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from participation import selectors
from participation.models import Proposal, ProposalTransition
from participation.selectors import ProposalFilters
from tests.factories import (
    CommentFactory,
    PhaseFactory,
    ProcessFactory,
    ProposalFactory,
    UserFactory,
    make_phases,
)

pytestmark = pytest.mark.django_db


def test_phase_timeline_marks_past_current_next_and_later_phases():
    process = ProcessFactory(with_phase="submission")
    process = selectors.process_detail(slug=process.slug, viewer=AnonymousUser())

    statuses = [(phase.kind, phase.timeline_status) for phase in process.timeline]

    assert statuses == [
        ("information", "past"),
        ("submission", "current"),
        ("debate", "next"),
        ("evaluation", "later"),
        ("vote", "later"),
        ("results", "later"),
        ("implementation", "later"),
    ]
    assert process.open_phase.kind == "submission"


def test_a_phase_closed_early_is_past():
    now = timezone.now()
    process = ProcessFactory()
    PhaseFactory(
        process=process,
        kind="debate",
        position=0,
        start_at=now - timedelta(days=2),
        end_at=now + timedelta(days=2),
        closed_at=now - timedelta(hours=1),
    )
    PhaseFactory(
        process=process,
        kind="evaluation",
        position=1,
        start_at=now + timedelta(days=2),
        end_at=now + timedelta(days=9),
    )

    process = selectors.process_detail(slug=process.slug, viewer=AnonymousUser())

    assert [phase.timeline_status for phase in process.timeline] == ["past", "next"]
    assert process.open_phase is None


def test_home_lists_open_processes_then_upcoming_then_finished_and_never_unpublished():
    upcoming = ProcessFactory()
    make_phases(upcoming, open_kind=None)
    open_process = ProcessFactory(with_phase="vote")
    finished = ProcessFactory(with_phase="past")
    ProcessFactory(with_phase="debate", is_published=False)

    home = selectors.process_list_for_home(viewer=AnonymousUser())

    assert home.open == [open_process]
    assert home.open[0].open_phase.kind == "vote"
    assert home.others == [upcoming, finished]
    assert home.others[0].upcoming_phase.kind == "information"
    assert home.others[1].final_phase.kind == "implementation"


def test_process_detail_of_an_unpublished_process_does_not_exist():
    process = ProcessFactory(is_published=False)

    with pytest.raises(type(process).DoesNotExist):
        selectors.process_detail(slug=process.slug, viewer=AnonymousUser())


def test_process_detail_tells_whether_the_viewer_follows():
    from participation.models import Follow

    process = ProcessFactory()
    follower, other = UserFactory(), UserFactory()
    Follow.objects.create(user=follower, process=process)

    assert selectors.process_detail(slug=process.slug, viewer=follower).viewer_follows is True
    assert selectors.process_detail(slug=process.slug, viewer=other).viewer_follows is False
    assert selectors.process_detail(slug=process.slug, viewer=AnonymousUser()).viewer_follows is False


def test_proposal_list_excludes_drafts_and_other_processes():
    process = ProcessFactory()
    public = ProposalFactory(process=process, state="submitted")
    ProposalFactory(process=process, state="draft")
    ProposalFactory(state="in_debate")

    listed = selectors.proposal_list_for_process(process=process, viewer=AnonymousUser(), sort="newest")

    assert list(listed) == [public]


def test_proposal_list_marks_proposals_past_the_threshold():
    process = ProcessFactory(support_threshold=5)
    ProposalFactory(process=process, state="in_debate", supports_count=5)
    ProposalFactory(process=process, state="in_debate", supports_count=4)

    listed = selectors.proposal_list_for_process(process=process, viewer=None, sort="supports")

    assert [(p.supports_count, p.past_threshold) for p in listed] == [(5, True), (4, False)]


def test_proposal_list_without_threshold_marks_nothing():
    process = ProcessFactory(support_threshold=None)
    ProposalFactory(process=process, state="in_debate", supports_count=500)

    listed = selectors.proposal_list_for_process(process=process, viewer=None)

    assert [p.past_threshold for p in listed] == [False]


def test_text_search_ignores_case_and_hidden_proposals():
    process = ProcessFactory()
    visible = ProposalFactory(process=process, state="in_debate", title="Réparer le LAVOIR de Ciney")
    ProposalFactory(
        process=process, state="in_debate", title="Un autre lavoir à réparer", hidden_at=timezone.now()
    )

    listed = selectors.proposal_list_for_process(
        process=process, viewer=None, filters=ProposalFilters(text="lavoir")
    )

    assert list(listed) == [visible]


def test_random_order_is_a_permutation_stable_per_seed_and_different_between_seeds():
    process = ProcessFactory()
    proposals = [ProposalFactory(process=process, state="in_debate") for _ in range(40)]

    def order(seed):
        listed = selectors.proposal_list_for_process(process=process, viewer=None, sort="random", seed=seed)
        return [p.pk for p in listed]

    assert sorted(order(12345)) == sorted(p.pk for p in proposals)
    assert order(12345) == order(12345)
    orders = {tuple(order(seed)) for seed in (1, 2, 3, 12345, 2_000_000_000)}
    assert len(orders) == 5
    # Early proposals get no head start: over many seeds, the first proposal is not usually first.
    firsts = [order(seed)[0] for seed in range(1, 41)]
    assert firsts.count(proposals[0].pk) < 10


def test_random_order_key_is_computed_exactly_by_the_database_even_for_huge_ids():
    process = ProcessFactory()
    ids = [7, 1_000_003, 2_147_483_646, 2_999_999_999]
    for pk in ids:
        ProposalFactory(process=process, state="in_debate", id=pk)
    seed = 987_654_321

    keys = dict(
        Proposal.objects.filter(pk__in=ids)
        .annotate(key=selectors.random_order_key(seed))
        .values_list("pk", "key")
    )

    draw = random.Random(seed)
    a = draw.randrange(1, 2**30)
    b = draw.randrange(0, 2**30)
    c = draw.randrange(0, selectors.RANDOM_MODULUS)
    modulus = selectors.RANDOM_MODULUS
    assert keys == {pk: ((pk * pk % modulus) * a + pk * b + c) % modulus for pk in ids}


def test_proposal_detail_hides_drafts_from_everyone_but_their_author_and_staff():
    author = UserFactory()
    draft = ProposalFactory(author=author, state="draft")
    slug = draft.process.slug

    for viewer in (AnonymousUser(), UserFactory()):
        with pytest.raises(Proposal.DoesNotExist):
            selectors.proposal_detail(process_slug=slug, pk=draft.pk, viewer=viewer)
    assert selectors.proposal_detail(process_slug=slug, pk=draft.pk, viewer=author) == draft
    moderator = UserFactory(moderator=True)
    assert selectors.proposal_detail(process_slug=slug, pk=draft.pk, viewer=moderator) == draft


def test_proposal_detail_with_the_wrong_process_slug_does_not_exist():
    proposal = ProposalFactory(state="in_debate")
    other = ProcessFactory()

    with pytest.raises(Proposal.DoesNotExist):
        selectors.proposal_detail(process_slug=other.slug, pk=proposal.pk, viewer=AnonymousUser())


def test_proposal_detail_names_the_public_role_of_each_transition():
    author = UserFactory()
    proposal = ProposalFactory(author=author, state="rejected")
    actors = [
        author,
        None,
        UserFactory(moderator=True),
        UserFactory(process_admin=True),
        UserFactory(evaluator=True),
        UserFactory(is_superuser=True),
        UserFactory(),
    ]
    for actor in actors:
        ProposalTransition.objects.create(
            proposal=proposal, actor=actor, name="x", from_state="submitted", to_state="rejected"
        )

    detail = selectors.proposal_detail(
        process_slug=proposal.process.slug, pk=proposal.pk, viewer=AnonymousUser()
    )

    assert [t.actor_role for t in detail.transitions.all()] == [
        "author",
        "placette",
        "moderator",
        "administrator",
        "evaluator",
        "administrator",
        "other",
    ]
    assert str(detail.transitions.all()[1].actor_role_label) == "Placette"
    assert detail.rejection_transition == detail.transitions.all()[6]


def test_proposal_detail_tells_whether_the_viewer_supports_and_follows():
    from participation.models import Follow, Support

    proposal = ProposalFactory(state="in_debate")
    viewer = UserFactory()
    Support.objects.create(proposal=proposal, user=viewer, process=proposal.process)
    Follow.objects.create(proposal=proposal, user=viewer)

    mine = selectors.proposal_detail(process_slug=proposal.process.slug, pk=proposal.pk, viewer=viewer)
    theirs = selectors.proposal_detail(
        process_slug=proposal.process.slug, pk=proposal.pk, viewer=UserFactory()
    )

    assert (mine.viewer_supports, mine.viewer_follows) == (True, True)
    assert (theirs.viewer_supports, theirs.viewer_follows) == (False, False)


def test_comments_are_threaded_and_only_visible_ones_are_counted():
    proposal = ProposalFactory(state="in_debate")
    first = CommentFactory(proposal=proposal, alignment="for")
    reply = CommentFactory(proposal=proposal, parent=first, alignment="against")
    hidden = CommentFactory(proposal=proposal, alignment="for", hidden_at=timezone.now())
    deleted = CommentFactory(proposal=proposal, alignment="neutral", deleted_at=timezone.now())
    CommentFactory(alignment="for")  # another proposal's

    threads = selectors.comments_for_proposal(proposal=proposal)

    assert threads.comments == [first, hidden, deleted]
    assert threads.comments[0].thread_replies == [reply]
    assert (threads.count_for, threads.count_against, threads.count_neutral) == (1, 1, 0)
    assert threads.count_visible == 2
    assert all(comment.proposal is proposal for comment in threads.comments)


def test_comment_for_action_does_not_exist_for_a_comment_on_someone_elses_draft():
    comment = CommentFactory(proposal=ProposalFactory(state="draft"))

    with pytest.raises(type(comment).DoesNotExist):
        selectors.comment_for_action(pk=comment.pk, viewer=UserFactory())
    assert selectors.comment_for_action(pk=comment.pk, viewer=comment.proposal.author) == comment
