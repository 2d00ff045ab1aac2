from decimal import Decimal

import pytest
from django.utils import timezone

from participation.models import ProposalTransition
from tests.factories import (
    CategoryFactory,
    CommentFactory,
    ProcessFactory,
    ProposalFactory,
    SupportFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def url_of(proposal) -> str:
    return f"/processes/{proposal.process.slug}/proposals/{proposal.pk}/"


def test_proposal_page_shows_text_author_area_category_location_and_state(client, debate_process):
    proposal = ProposalFactory(
        process=debate_process,
        state="in_debate",
        title="Un abri vélo à la gare",
        body="Premier paragraphe.\n\nSecond paragraphe.",
        author=UserFactory(display_name="Sacha Dupont"),
        category=CategoryFactory(name="Mobilité"),
        latitude=Decimal("50.456100"),
        longitude=Decimal("5.123400"),
    )

    response = client.get(url_of(proposal))

    assert response.status_code == 200
    html = response.content.decode()
    assert '<h1 id="proposal-title">Un abri vélo à la gare</h1>' in html
    assert "<p>Premier paragraphe.</p>\n\n<p>Second paragraphe.</p>" in html
    assert "<dd>Sacha Dupont</dd>" in html
    assert f"<dd>{proposal.area.name}</dd>" in html
    assert "<dd>Mobilité</dd>" in html
    assert "latitude 50.4561, longitude 5.1234" in html
    assert '<span class="visually-hidden">State: </span>In debate</span>' in html
    assert html.count("<h1") == 1


def test_unknown_id_wrong_slug_and_unpublished_process_answer_404(client, debate_process):
    proposal = ProposalFactory(process=debate_process, state="in_debate")
    other_process = ProcessFactory(with_phase="debate")
    unpublished = ProposalFactory(process=ProcessFactory(is_published=False), state="in_debate")

    assert client.get(f"/processes/{debate_process.slug}/proposals/999999/").status_code == 404
    assert client.get(f"/processes/{other_process.slug}/proposals/{proposal.pk}/").status_code == 404
    assert client.get(url_of(unpublished)).status_code == 404


def test_a_draft_answers_404_to_others_and_shows_to_its_author(client, debate_process):
    author = UserFactory()
    draft = ProposalFactory(process=debate_process, author=author, state="draft", title="Mon idée en cours")

    assert client.get(url_of(draft)).status_code == 404
    client.force_login(UserFactory())
    assert client.get(url_of(draft)).status_code == 404
    client.force_login(author)
    response = client.get(url_of(draft))
    assert response.status_code == 200
    assert "Mon idée en cours" in response.content.decode()


def test_title_body_and_comments_are_escaped(client, debate_process):
    proposal = ProposalFactory(
        process=debate_process,
        state="in_debate",
        title="<script>alert('titre')</script>",
        body="<script>alert('corps')</script>\n<a href=\"javascript:x\">lien</a>",
    )
    CommentFactory(proposal=proposal, body="<script>alert('commentaire')</script>")

    html = client.get(url_of(proposal)).content.decode()

    assert "&lt;script&gt;alert(&#x27;titre&#x27;)&lt;/script&gt;" in html
    assert "&lt;script&gt;alert(&#x27;corps&#x27;)&lt;/script&gt;" in html
    assert "&lt;a href=&quot;javascript:x&quot;&gt;lien&lt;/a&gt;" in html
    assert "&lt;script&gt;alert(&#x27;commentaire&#x27;)&lt;/script&gt;" in html
    assert "<script>" not in html
    assert '<a href="javascript' not in html


def test_the_timeline_shows_each_transition_with_the_role_and_placette_for_system_changes(client):
    process = ProcessFactory(with_phase="evaluation")
    author = UserFactory()
    proposal = ProposalFactory(
        process=process, author=author, state="rejected", rejection_reason="not_feasible"
    )
    ProposalTransition.objects.create(
        proposal=proposal, actor=author, name="submit", from_state="draft", to_state="submitted"
    )
    ProposalTransition.objects.create(
        proposal=proposal, actor=None, name="open_debate", from_state="submitted", to_state="in_debate"
    )
    ProposalTransition.objects.create(
        proposal=proposal,
        actor=UserFactory(evaluator=True),
        name="reject",
        from_state="in_debate",
        to_state="rejected",
        reason_code="not_feasible",
        public_reason="Le terrain n'appartient pas à la commune.",
    )

    html = client.get(url_of(proposal)).content.decode()

    assert "Draft → Submitted, by the author" in html
    assert "Submitted → In debate, by Placette" in html
    assert "In debate → Rejected, by an evaluator" in html
    assert "Le terrain n&#x27;appartient pas à la commune." in html
    assert "Why this proposal was rejected" in html
    assert "<strong>Not feasible</strong>" in html


def test_a_duplicate_links_to_the_original(client, debate_process):
    original = ProposalFactory(process=debate_process, state="in_debate", title="Le banc original du parc")
    duplicate = ProposalFactory(
        process=debate_process, state="rejected", rejection_reason="duplicate", duplicate_of=original
    )

    html = client.get(url_of(duplicate)).content.decode()

    assert f'Duplicate of: <a href="{url_of(original)}">Le banc original du parc</a>' in html


def test_an_accepted_proposal_shows_the_answer_and_the_cost(client):
    process = ProcessFactory(with_phase="evaluation")
    proposal = ProposalFactory(
        process=process, state="accepted", cost_estimate_cents=1_250_000, answer="Faisable au printemps."
    )

    html = client.get(url_of(proposal)).content.decode()

    assert "Answer of the evaluation" in html
    assert "12,500 €" in html or "12 500 €" in html or "12\xa0500 €" in html
    assert "<p>Faisable au printemps.</p>" in html


def test_last_edited_date_is_shown(client, debate_process):
    proposal = ProposalFactory(process=debate_process, state="in_debate", edited_at=timezone.now())

    assert "Last edited on" in client.get(url_of(proposal)).content.decode()


def test_a_hidden_proposal_shows_the_reason_but_neither_title_nor_body_nor_comments(client, debate_process):
    proposal = ProposalFactory(
        process=debate_process,
        state="in_debate",
        title="Un titre insultant ici",
        body="Corps insultant",
        hidden_at=timezone.now(),
        hidden_reason="Propos injurieux",
    )
    CommentFactory(proposal=proposal, body="Un commentaire sous le texte masqué")

    html = client.get(url_of(proposal)).content.decode()

    assert "This proposal was hidden by moderation: Propos injurieux" in html
    assert "Un titre insultant ici" not in html
    assert "Corps insultant" not in html
    assert "Un commentaire sous le texte masqué" not in html


def test_supports_count_threshold_and_support_button_for_a_resident(resident_client):
    process = ProcessFactory(with_phase="debate", support_threshold=2)
    proposal = ProposalFactory(process=process, state="in_debate", supports_count=2)

    html = resident_client.get(url_of(proposal)).content.decode()

    assert "<strong>2 supports</strong>" in html
    assert "(threshold of 2 reached)" in html
    assert "Support threshold reached" in html
    assert f'action="{url_of(proposal)}support/"' in html
    assert f'action="{url_of(proposal)}follow/"' in html


def test_a_supporter_sees_the_withdraw_support_button(client, resident, debate_process):
    proposal = ProposalFactory(process=debate_process, state="in_debate")
    SupportFactory(proposal=proposal, user=resident)
    client.force_login(resident)

    html = client.get(url_of(proposal)).content.decode()

    assert "You support this proposal." in html
    assert f'action="{url_of(proposal)}unsupport/"' in html
    assert f'action="{url_of(proposal)}support/"' not in html


def test_anonymous_visitors_see_no_action_button_but_a_login_link(client, debate_process):
    proposal = ProposalFactory(process=debate_process, state="in_debate")

    html = client.get(url_of(proposal)).content.decode()

    assert "/support/" not in html
    assert "/follow/" not in html
    assert "Add a comment" not in html
    assert "to support, follow or comment on this proposal." in html


def test_the_author_sees_edit_submit_and_withdraw_when_allowed(client, submission_process):
    author = UserFactory()
    draft = ProposalFactory(process=submission_process, author=author, state="draft")
    submitted = ProposalFactory(process=submission_process, author=author, state="submitted")
    client.force_login(author)

    draft_html = client.get(url_of(draft)).content.decode()
    submitted_html = client.get(url_of(submitted)).content.decode()

    assert f'href="{url_of(draft)}edit/"' in draft_html
    assert f'action="{url_of(draft)}submit/"' in draft_html
    assert f'href="{url_of(draft)}withdraw/"' not in draft_html
    assert f'href="{url_of(submitted)}edit/"' in submitted_html
    assert f'action="{url_of(submitted)}submit/"' not in submitted_html
    assert f'href="{url_of(submitted)}withdraw/"' in submitted_html
    assert f'href="{url_of(submitted)}report/"' not in submitted_html


def test_comments_are_threaded_with_alignment_text_and_counts(client, debate_process):
    proposal = ProposalFactory(process=debate_process, state="in_debate")
    first = CommentFactory(proposal=proposal, alignment="for", body="Excellente idée pour le village")
    CommentFactory(
        proposal=proposal, parent=first, alignment="against", body="Je ne suis pas d'accord du tout"
    )
    CommentFactory(proposal=proposal, alignment="neutral", body="Combien cela coûtera-t-il ?")

    response = client.get(url_of(proposal))

    threads = response.context["threads"]
    assert [c.body for c in threads.comments] == [
        "Excellente idée pour le village",
        "Combien cela coûtera-t-il ?",
    ]
    assert [r.body for r in threads.comments[0].thread_replies] == ["Je ne suis pas d'accord du tout"]
    assert (threads.count_for, threads.count_against, threads.count_neutral) == (1, 1, 1)
    html = response.content.decode()
    assert "3 comments" in html
    assert '<span aria-hidden="true">✓</span> For</span>: 1' in html
    assert 'class="comment comment--reply"' in html


def test_the_positions_of_the_comments_are_drawn_as_a_bar_of_their_shares(client, debate_process):
    proposal = ProposalFactory(process=debate_process, state="in_debate")
    CommentFactory.create_batch(3, proposal=proposal, alignment="for")
    CommentFactory(proposal=proposal, alignment="neutral")
    CommentFactory(proposal=proposal, alignment="against", hidden_at=timezone.now(), hidden_reason="Spam")

    response = client.get(url_of(proposal))

    assert [(s.key, s.count, s.share) for s in response.context["alignment_chart"]] == [
        ("for", 3, 75),
        ("against", 0, 0),
        ("neutral", 1, 25),
    ]  # a hidden comment takes no side
    html = response.content.decode()
    title = "Positions in the comments: For: 75%, Against: 0%, Neutral: 25%."
    assert f'<title id="alignment-chart-title">{title}</title>' in html
    assert '<rect class="share-bar__for" x="0%" y="0" width="75%" height="32"/>' in html
    assert '<text x="37.5%" y="21" text-anchor="middle">75%</text>' in html
    assert "share-bar__against" not in html  # no empty segment


def test_a_proposal_without_visible_comments_draws_no_bar(client, debate_process):
    proposal = ProposalFactory(process=debate_process, state="in_debate")

    html = client.get(url_of(proposal)).content.decode()

    assert "share-bar" not in html


def test_the_way_to_the_support_threshold_is_drawn_until_it_is_reached(resident_client):
    process = ProcessFactory(with_phase="debate", support_threshold=8)
    halfway = ProposalFactory(process=process, state="in_debate", supports_count=2)
    reached = ProposalFactory(process=process, state="in_debate", supports_count=8)

    halfway_html = resident_client.get(url_of(halfway)).content.decode()
    reached_html = resident_client.get(url_of(reached)).content.decode()

    assert '<rect class="chart__bar" width="25%" height="10" rx="5"/>' in halfway_html
    assert 'class="progress"' not in reached_html


def test_hidden_and_deleted_comments_show_why_without_their_text(client, debate_process):
    proposal = ProposalFactory(process=debate_process, state="in_debate")
    CommentFactory(
        proposal=proposal,
        body="Texte injurieux du commentaire",
        hidden_at=timezone.now(),
        hidden_reason="Injure envers un voisin",
    )
    CommentFactory(proposal=proposal, body="Texte retiré par son auteur", deleted_at=timezone.now())

    response = client.get(url_of(proposal))

    html = response.content.decode()
    assert "This comment was hidden by moderation: Injure envers un voisin" in html
    assert "Comment deleted by its author." in html
    assert "Texte injurieux du commentaire" not in html
    assert "Texte retiré par son auteur" not in html
    assert response.context["threads"].count_visible == 0


def test_a_resident_may_comment_reply_and_edit_or_delete_their_own_comments(client, resident, debate_process):
    proposal = ProposalFactory(process=debate_process, state="in_debate")
    own = CommentFactory(proposal=proposal, author=resident)
    other = CommentFactory(proposal=proposal)
    client.force_login(resident)

    html = client.get(url_of(proposal)).content.decode()

    assert "Add a comment" in html
    assert f'href="/comments/{own.pk}/edit/"' in html
    assert f'href="/comments/{own.pk}/delete/"' in html
    assert f'href="/comments/{own.pk}/report/"' not in html
    assert f'href="/comments/{other.pk}/edit/"' not in html
    assert f'href="/comments/{other.pk}/report/"' in html
    assert f'name="parent" value="{other.pk}"' in html


def test_no_comment_form_when_the_debate_is_not_open(resident_client):
    process = ProcessFactory(with_phase="evaluation")
    proposal = ProposalFactory(process=process, state="in_debate")

    html = resident_client.get(url_of(proposal)).content.decode()

    assert "Add a comment" not in html
    assert "/support/" not in html
