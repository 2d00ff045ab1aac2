import pytest
from django.utils import timezone

from participation.models import Comment
from tests.factories import CommentFactory, ProcessFactory, ProposalFactory, UserFactory

from .conftest import messages_of

pytestmark = pytest.mark.django_db


def url_of(proposal) -> str:
    return f"/processes/{proposal.process.slug}/proposals/{proposal.pk}/"


@pytest.fixture
def proposal(debate_process):
    return ProposalFactory(process=debate_process, state="in_debate")


def test_a_resident_publishes_a_comment_and_lands_on_it(resident_client, resident, proposal):
    response = resident_client.post(
        url_of(proposal) + "comments/", {"body": "Très bonne idée !", "alignment": "for"}
    )

    comment = Comment.objects.get()
    assert (comment.author, comment.body, comment.alignment, comment.parent) == (
        resident,
        "Très bonne idée !",
        "for",
        None,
    )
    assert response.status_code == 302
    assert response["Location"] == f"{url_of(proposal)}#comment-{comment.pk}"


def test_a_reply_is_attached_to_its_parent(resident_client, proposal):
    parent = CommentFactory(proposal=proposal)

    resident_client.post(
        url_of(proposal) + "comments/", {"body": "Je réponds.", "alignment": "against", "parent": parent.pk}
    )

    reply = Comment.objects.get(body="Je réponds.")
    assert reply.parent == parent


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"body": "", "alignment": "for"}, "body", "This field is required."),
        (
            {"body": "x" * 5001, "alignment": "for"},
            "body",
            "Ensure this value has at most 5000 characters (it has 5001).",
        ),
        (
            {"body": "Bonjour", "alignment": "peut-être"},
            "alignment",
            "Select a valid choice. peut-être is not one of the available choices.",
        ),
    ],
)
def test_bad_comments_get_a_message_on_the_form_and_nothing_is_created(
    resident_client, proposal, data, field, message
):
    response = resident_client.post(url_of(proposal) + "comments/", data)

    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert f'id="id_{field}_error"' in response.content.decode()
    assert Comment.objects.count() == 0


def test_replying_to_a_reply_or_to_an_unknown_comment_is_refused(resident_client, proposal):
    parent = CommentFactory(proposal=proposal)
    reply = CommentFactory(proposal=proposal, parent=parent)

    to_reply = resident_client.post(
        url_of(proposal) + "comments/",
        {"body": "Réponse à une réponse", "alignment": "for", "parent": reply.pk},
    )
    to_unknown = resident_client.post(
        url_of(proposal) + "comments/", {"body": "Réponse perdue", "alignment": "for", "parent": 999999}
    )

    assert to_reply.status_code == 200
    assert to_reply.context["form"].non_field_errors() == [
        "You can only reply to a comment, not to a reply: reply to the first comment instead."
    ]
    assert to_unknown.context["form"].non_field_errors() == [
        "The comment you are replying to does not exist any more."
    ]
    assert Comment.objects.count() == 2


def test_commenting_outside_the_debate_phase_shows_the_reason_and_creates_nothing(resident_client):
    proposal = ProposalFactory(process=ProcessFactory(with_phase="evaluation"), state="in_debate")

    response = resident_client.post(
        url_of(proposal) + "comments/", {"body": "Trop tard ?", "alignment": "for"}
    )

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Comments are only possible while the debate is open."
    ]
    assert Comment.objects.count() == 0


def test_a_comment_with_html_is_escaped(resident_client, proposal):
    resident_client.post(
        url_of(proposal) + "comments/",
        {"body": "<script>alert('c')</script><b>gras</b>", "alignment": "neutral"},
    )

    html = resident_client.get(url_of(proposal)).content.decode()

    assert "&lt;script&gt;alert(&#x27;c&#x27;)&lt;/script&gt;&lt;b&gt;gras&lt;/b&gt;" in html
    assert "<script>alert" not in html
    assert "<b>gras</b>" not in html


def test_the_author_edits_their_comment(resident_client, resident, proposal):
    comment = CommentFactory(proposal=proposal, author=resident, body="Première version", alignment="for")

    form_page = resident_client.get(f"/comments/{comment.pk}/edit/")
    response = resident_client.post(
        f"/comments/{comment.pk}/edit/", {"body": "Version corrigée", "alignment": "against"}, follow=True
    )

    assert "Première version</textarea>" in form_page.content.decode()
    comment.refresh_from_db()
    assert (comment.body, comment.alignment) == ("Version corrigée", "against")
    assert comment.edited_at is not None
    assert messages_of(response) == ["Your comment was updated."]
    assert "(edited)" in response.content.decode()


def test_editing_with_an_empty_body_shows_an_error_and_changes_nothing(resident_client, resident, proposal):
    comment = CommentFactory(proposal=proposal, author=resident, body="Texte d'origine")

    response = resident_client.post(f"/comments/{comment.pk}/edit/", {"body": "", "alignment": "for"})

    assert response.status_code == 200
    assert response.context["form"].errors["body"] == ["This field is required."]
    comment.refresh_from_db()
    assert comment.body == "Texte d'origine"


def test_others_cannot_edit_or_delete_a_comment(resident_client, proposal):
    comment = CommentFactory(proposal=proposal, body="Le texte d'un autre")

    assert resident_client.get(f"/comments/{comment.pk}/edit/").status_code == 403
    assert (
        resident_client.post(
            f"/comments/{comment.pk}/edit/", {"body": "Modifié", "alignment": "for"}
        ).status_code
        == 403
    )
    assert resident_client.get(f"/comments/{comment.pk}/delete/").status_code == 403
    assert resident_client.post(f"/comments/{comment.pk}/delete/").status_code == 403
    comment.refresh_from_db()
    assert (comment.body, comment.deleted_at) == ("Le texte d'un autre", None)


def test_the_author_deletes_their_comment_after_confirmation(resident_client, resident, proposal):
    comment = CommentFactory(proposal=proposal, author=resident, body="À supprimer")

    confirmation = resident_client.get(f"/comments/{comment.pk}/delete/")
    response = resident_client.post(f"/comments/{comment.pk}/delete/", follow=True)

    assert "Yes, delete it" in confirmation.content.decode()
    comment.refresh_from_db()
    assert comment.deleted_at is not None
    assert messages_of(response) == ["Your comment was deleted."]
    html = response.content.decode()
    assert "Comment deleted by its author." in html
    assert "À supprimer" not in html


def test_unknown_comment_and_comment_on_a_hidden_draft_answer_404(resident_client, debate_process):
    draft = ProposalFactory(process=debate_process, state="draft")
    comment = CommentFactory(proposal=draft)

    assert resident_client.get("/comments/999999/edit/").status_code == 404
    assert resident_client.get(f"/comments/{comment.pk}/edit/").status_code == 404
    assert resident_client.get(f"/comments/{comment.pk}/report/").status_code == 404


def test_a_hidden_comment_cannot_be_edited(resident_client, resident, proposal):
    comment = CommentFactory(
        proposal=proposal, author=resident, hidden_at=timezone.now(), hidden_reason="Spam"
    )

    assert resident_client.get(f"/comments/{comment.pk}/edit/").status_code == 403


def test_anonymous_comment_posts_redirect_to_login(client, proposal):
    response = client.post(url_of(proposal) + "comments/", {"body": "Anonyme", "alignment": "for"})

    assert response["Location"] == f"/accounts/login/?next={url_of(proposal)}"
    assert Comment.objects.count() == 0


def test_another_resident_may_reply_after_login(client, proposal):
    client.force_login(UserFactory())
    parent = CommentFactory(proposal=proposal)

    html = client.get(url_of(proposal)).content.decode()

    assert f'<label for="reply-{parent.pk}-body">Your reply</label>' in html
