import pytest

from participation.models import Proposal, ProposalTransition
from tests.factories import AreaFactory, CategoryFactory, ProposalFactory, UserFactory

from .conftest import messages_of

pytestmark = pytest.mark.django_db


def new_url(process) -> str:
    return f"/processes/{process.slug}/proposals/new/"


def url_of(proposal) -> str:
    return f"/processes/{proposal.process.slug}/proposals/{proposal.pk}/"


def form_data(default_area, **overrides) -> dict:
    data = {
        "title": "Installer des bancs au bord du Hoyoux",
        "body": "Pour se reposer en promenade.",
        "area": default_area.pk,
        "category": "",
        "latitude": "",
        "longitude": "",
    }
    data.update(overrides)
    return data


def test_anonymous_visitors_are_sent_to_the_login_page(client, submission_process):
    response = client.get(new_url(submission_process))

    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={new_url(submission_process)}"


def test_the_form_is_refused_outside_the_submission_phase(resident_client, debate_process):
    assert resident_client.get(new_url(debate_process)).status_code == 403
    assert resident_client.post(new_url(debate_process), form_data(AreaFactory())).status_code == 403
    assert Proposal.objects.count() == 0


def test_the_form_is_refused_to_an_unverified_account(client, submission_process):
    client.force_login(UserFactory(unverified=True))

    assert client.get(new_url(submission_process)).status_code == 403


def test_the_form_labels_every_field(resident_client, submission_process):
    html = resident_client.get(new_url(submission_process)).content.decode()

    for name in ("title", "body", "area", "category", "latitude", "longitude"):
        assert f'<label for="id_{name}">' in html
    assert 'aria-describedby="id_title_helptext"' in html


def test_save_draft_creates_a_private_draft_and_redirects_with_a_message(
    resident_client, resident, submission_process
):
    area = AreaFactory()

    response = resident_client.post(
        new_url(submission_process), {**form_data(area), "save": "1"}, follow=True
    )

    proposal = Proposal.objects.get()
    assert (proposal.state, proposal.author, proposal.area, proposal.title) == (
        "draft",
        resident,
        area,
        "Installer des bancs au bord du Hoyoux",
    )
    assert response.redirect_chain == [(url_of(proposal), 302)]
    assert messages_of(response) == ["Your draft was saved. Only you can see it until you submit it."]


def test_submit_creates_and_submits_the_proposal(resident_client, submission_process):
    response = resident_client.post(
        new_url(submission_process), {**form_data(AreaFactory()), "submit": "1"}, follow=True
    )

    proposal = Proposal.objects.get()
    assert proposal.state == "submitted"
    assert list(ProposalTransition.objects.values_list("from_state", "to_state")) == [("draft", "submitted")]
    assert messages_of(response) == ["Your proposal was submitted. Thank you!"]


def test_submit_without_an_area_shows_the_error_on_the_field_and_creates_nothing(
    resident_client, submission_process
):
    response = resident_client.post(
        new_url(submission_process), {**form_data(AreaFactory(), area=""), "submit": "1"}
    )

    assert response.status_code == 200
    assert Proposal.objects.count() == 0
    assert response.context["form"].errors["area"] == [
        "Choose the area your proposal is for before submitting it."
    ]
    html = response.content.decode()
    assert 'id="id_area_error"' in html
    assert 'aria-describedby="id_area_helptext id_area_error"' in html
    assert 'aria-invalid="true"' in html
    assert '<a href="#id_area">' in html


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("title", "", "This field is required."),
        ("title", "x" * 151, "Ensure this value has at most 150 characters (it has 151)."),
        ("title", "Trop cour", None),
        ("body", "x" * 10_001, "Ensure this value has at most 10000 characters (it has 10001)."),
        ("latitude", "91", "Ensure this value is less than or equal to 90."),
        ("latitude", "abc", "Enter a number."),
        ("longitude", "", "Give both the latitude and the longitude, or neither."),
    ],
)
def test_bad_fields_get_a_message_on_the_form_and_nothing_is_created(
    resident_client, submission_process, field, value, message
):
    data = {**form_data(AreaFactory(), latitude="50.1", longitude="5.2"), field: value, "save": "1"}

    response = resident_client.post(new_url(submission_process), data)

    assert response.status_code == 200
    assert Proposal.objects.count() == 0
    errors = response.context["form"].errors[field]
    if message is None:
        assert len(errors) == 1  # the service's message for a title of 9 characters
        assert "10" in errors[0] and "150" in errors[0]
    else:
        assert errors == [message]


def test_html_in_the_title_is_stored_as_text_and_escaped_on_the_page(resident_client, submission_process):
    title = "<script>alert('x')</script> des bancs"
    resident_client.post(
        new_url(submission_process), {**form_data(AreaFactory(), title=title), "submit": "1"}
    )

    proposal = Proposal.objects.get()
    html = resident_client.get(url_of(proposal)).content.decode()

    assert proposal.title == title
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; des bancs" in html
    assert "<script>alert" not in html


def test_the_author_edits_a_submitted_proposal_and_the_page_shows_the_edit(client, submission_process):
    author = UserFactory()
    proposal = ProposalFactory(
        process=submission_process, author=author, state="submitted", title="Un ancien titre de proposition"
    )
    client.force_login(author)
    category = CategoryFactory()

    form_page = client.get(url_of(proposal) + "edit/")
    response = client.post(
        url_of(proposal) + "edit/",
        {
            **form_data(proposal.area, title="Un nouveau titre de proposition", category=category.pk),
            "save": "1",
        },
        follow=True,
    )

    assert 'value="Un ancien titre de proposition"' in form_page.content.decode()
    proposal.refresh_from_db()
    assert (proposal.title, proposal.category, proposal.state) == (
        "Un nouveau titre de proposition",
        category,
        "submitted",
    )
    assert proposal.edited_at is not None
    assert messages_of(response) == ["Your changes were saved."]
    assert "Last edited on" in response.content.decode()


def test_others_cannot_edit_a_proposal(client, submission_process):
    proposal = ProposalFactory(
        process=submission_process, state="submitted", title="Un titre à ne pas changer"
    )
    client.force_login(UserFactory())

    assert client.get(url_of(proposal) + "edit/").status_code == 403
    assert (
        client.post(
            url_of(proposal) + "edit/",
            form_data(proposal.area, title="Titre modifié par un tiers"),
        ).status_code
        == 403
    )
    proposal.refresh_from_db()
    assert proposal.title == "Un titre à ne pas changer"


def test_editing_a_draft_of_someone_else_answers_404(client, submission_process):
    draft = ProposalFactory(process=submission_process, state="draft")
    client.force_login(UserFactory())

    assert client.get(url_of(draft) + "edit/").status_code == 404


def test_the_author_submits_a_draft_from_its_page(client, submission_process):
    author = UserFactory()
    draft = ProposalFactory(process=submission_process, author=author, state="draft")
    client.force_login(author)

    response = client.post(url_of(draft) + "submit/", follow=True)

    draft.refresh_from_db()
    assert draft.state == "submitted"
    assert messages_of(response) == ["Your proposal was submitted. Thank you!"]


def test_submitting_an_incomplete_draft_shows_the_reason_and_changes_nothing(client, submission_process):
    author = UserFactory()
    draft = ProposalFactory(process=submission_process, author=author, state="draft", body="")
    client.force_login(author)

    response = client.post(url_of(draft) + "submit/", follow=True)

    draft.refresh_from_db()
    assert draft.state == "draft"
    assert messages_of(response) == ["Complete your proposal before submitting it."]


def test_withdraw_asks_for_confirmation_then_withdraws(client, debate_process):
    author = UserFactory()
    proposal = ProposalFactory(process=debate_process, author=author, state="in_debate")
    client.force_login(author)

    confirmation = client.get(url_of(proposal) + "withdraw/")
    response = client.post(url_of(proposal) + "withdraw/", follow=True)

    assert confirmation.status_code == 200
    assert "Yes, withdraw it" in confirmation.content.decode()
    proposal.refresh_from_db()
    assert proposal.state == "withdrawn"
    assert messages_of(response) == ["Your proposal was withdrawn."]


def test_withdrawing_twice_shows_an_error_and_changes_nothing(client, debate_process):
    author = UserFactory()
    proposal = ProposalFactory(process=debate_process, author=author, state="withdrawn")
    client.force_login(author)

    assert client.get(url_of(proposal) + "withdraw/").status_code == 403
    response = client.post(url_of(proposal) + "withdraw/", follow=True)

    assert response.status_code == 200
    assert len(messages_of(response)) == 1
    assert ProposalTransition.objects.count() == 0


def test_submit_answers_405_to_get(resident_client, submission_process):
    proposal = ProposalFactory(process=submission_process, state="draft")

    assert resident_client.get(url_of(proposal) + "submit/").status_code == 405
