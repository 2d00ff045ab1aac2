"""Comments: one level of replies, soft deletion, hiding, the comments counter and its event."""

import pytest
from django.utils import translation

from participation.exceptions import AlreadyDoneError, InvalidInputError, PhaseClosedError
from participation.models import Comment, DomainEvent, EventKind, Proposal, Report
from participation.services import comments
from tests.factories import CommentFactory, ProcessFactory, ProposalFactory, UserFactory
from tests.participation.services.matrix import db_snapshot

pytestmark = pytest.mark.django_db


@pytest.fixture
def proposal():
    return ProposalFactory(state="in_debate", process=ProcessFactory(with_phase="debate"))


def test_a_comment_counts_and_records_an_event(proposal):
    author = UserFactory()
    comment = comments.comment_create(
        actor=author, proposal=proposal, body="  Très bonne idée.  ", alignment="for"
    )
    assert (comment.body, comment.alignment, comment.author) == ("Très bonne idée.", "for", author)
    assert Proposal.objects.get(pk=proposal.pk).comments_count == 1
    event = DomainEvent.objects.get()
    assert (event.kind, event.comment, event.proposal, event.process) == (
        EventKind.COMMENT_CREATED,
        comment,
        proposal,
        proposal.process,
    )


def test_a_reply_to_a_comment_is_accepted(proposal):
    parent = CommentFactory(proposal=proposal)
    reply = comments.comment_create(
        actor=UserFactory(), proposal=proposal, body="Je réponds.", alignment="neutral", parent=parent
    )
    assert reply.parent == parent


def test_a_reply_to_a_reply_is_refused_with_a_clear_error(proposal):
    parent = CommentFactory(proposal=proposal)
    reply = CommentFactory(proposal=proposal, parent=parent)
    before = db_snapshot()
    with pytest.raises(InvalidInputError) as raised:
        comments.comment_create(
            actor=UserFactory(), proposal=proposal, body="Et moi ?", alignment="for", parent=reply
        )
    with translation.override("en"):
        assert "not to a reply" in str(raised.value.message)
    assert "parent" in raised.value.field_errors
    assert db_snapshot() == before


def test_a_reply_must_be_on_the_same_proposal(proposal):
    elsewhere = CommentFactory()
    with pytest.raises(InvalidInputError):
        comments.comment_create(
            actor=UserFactory(), proposal=proposal, body="Réponse", alignment="for", parent=elsewhere
        )
    assert Comment.objects.filter(proposal=proposal).count() == 0


@pytest.mark.parametrize(
    ("body", "alignment", "field"),
    [
        ("", "for", "body"),
        ("   ", "for", "body"),
        ("x" * 5001, "for", "body"),
        ("Bien", "maybe", "alignment"),
    ],
)
def test_bad_comment_input_is_refused_and_changes_nothing(proposal, body, alignment, field):
    before = db_snapshot()
    with pytest.raises(InvalidInputError) as raised:
        comments.comment_create(actor=UserFactory(), proposal=proposal, body=body, alignment=alignment)
    assert field in raised.value.field_errors
    assert db_snapshot() == before


def test_a_comment_of_5000_characters_is_accepted(proposal):
    comment = comments.comment_create(
        actor=UserFactory(), proposal=proposal, body="x" * 5000, alignment="for"
    )
    assert len(comment.body) == 5000


def test_comments_are_refused_on_a_proposal_not_in_debate():
    proposal = ProposalFactory(state="submitted", process=ProcessFactory(with_phase="debate"))
    with pytest.raises(PhaseClosedError):
        comments.comment_create(actor=UserFactory(), proposal=proposal, body="Bien", alignment="for")


def test_deleting_erases_the_text_keeps_the_row_and_uncounts(proposal):
    author = UserFactory()
    comment = comments.comment_create(actor=author, proposal=proposal, body="Oups", alignment="for")
    comments.comment_delete(actor=author, comment=comment)
    comment.refresh_from_db()
    assert (comment.body, comment.deleted_at is not None) == ("", True)
    assert Proposal.objects.get(pk=proposal.pk).comments_count == 0
    with pytest.raises(AlreadyDoneError):
        comments.comment_delete(actor=author, comment=comment)
    assert Proposal.objects.get(pk=proposal.pk).comments_count == 0


def test_editing_sets_edited_at(proposal):
    author = UserFactory()
    comment = CommentFactory(proposal=proposal, author=author)
    comments.comment_update(actor=author, comment=comment, body="Version corrigée", alignment="against")
    comment.refresh_from_db()
    assert (comment.body, comment.alignment, comment.edited_at is not None) == (
        "Version corrigée",
        "against",
        True,
    )


def test_hiding_keeps_the_text_for_the_record_resolves_reports_and_uncounts(proposal):
    comment = comments.comment_create(actor=UserFactory(), proposal=proposal, body="Insulte", alignment="for")
    report = Report.objects.create(reporter=UserFactory(), comment=comment, reason="offensive")
    moderator = UserFactory(moderator=True)
    comments.comment_hide(actor=moderator, comment=comment, reason="Propos insultants.")
    comment.refresh_from_db()
    report.refresh_from_db()
    assert (comment.body, comment.hidden_reason) == ("Insulte", "Propos insultants.")
    assert report.resolution == "hidden"
    assert Proposal.objects.get(pk=proposal.pk).comments_count == 0
    assert DomainEvent.objects.filter(kind=EventKind.COMMENT_HIDDEN, comment=comment).count() == 1
    with pytest.raises(AlreadyDoneError):
        comments.comment_hide(actor=moderator, comment=comment, reason="Encore.")
    assert Proposal.objects.get(pk=proposal.pk).comments_count == 0


def test_a_hidden_comment_can_no_longer_be_replied_to(proposal):
    parent = CommentFactory(proposal=proposal)
    comments.comment_hide(actor=UserFactory(moderator=True), comment=parent, reason="Spam")
    with pytest.raises(InvalidInputError):
        comments.comment_create(
            actor=UserFactory(), proposal=proposal, body="Réponse", alignment="for", parent=parent
        )
