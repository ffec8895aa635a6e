"""Deflection recorded step by step: suggestions shown, an article opened, solved, sent anyway,
and the hourly sweep that settles forms left unsent as abandoned; and the figures measured
from them, per organisation and per article."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from moked.knowledge import deflection, deflection_figures, services
from moked.knowledge.models import Article, DeflectionAttempt, DeflectionStep
from moked.knowledge.tasks import sweep_abandoned_requests
from tests.factories import AdminFactory, AgentFactory, OrganisationFactory, PersonFactory, make_ticket

pytestmark = pytest.mark.django_db

Step = DeflectionStep.Step
Outcome = DeflectionAttempt.Outcome


@pytest.fixture
def world():
    alpha, bravo = OrganisationFactory(code="ALPHA"), OrganisationFactory(code="BRAVO")
    admin = AdminFactory()

    def published(key, **fields):
        article = services.create_article(admin, key=key, language="en", title=key, **fields)
        services.submit_for_review(admin, article)
        return services.publish(admin, article)

    return {
        "alpha": alpha,
        "bravo": bravo,
        "admin": admin,
        "vpn": published("vpn"),
        "printer": published("printer"),
        "bravo_only": published("bravo-only", visibility=Article.Visibility.CHOSEN, organisations=[bravo]),
        "reader": PersonFactory(organisation=alpha),
        "colleague": PersonFactory(organisation=alpha),
        "outsider": PersonFactory(organisation=bravo),
        "agent_of_alpha": AgentFactory(serves=[alpha]),
        "agent_of_bravo": AgentFactory(serves=[bravo]),
    }


def steps(attempt):
    return list(attempt.steps.values_list("step", "article__key"))


def test_suggestions_shown_make_the_attempt_and_each_article_counts_once(world):
    token = deflection.new_token()
    attempt = deflection.record_shown(world["reader"], token, [world["vpn"]])
    deflection.record_shown(world["reader"], token, [world["vpn"], world["printer"]])

    attempt.refresh_from_db()
    assert (attempt.person, attempt.organisation, attempt.outcome) == (world["reader"], world["alpha"], "")
    assert steps(attempt) == [(Step.SHOWN, "vpn"), (Step.SHOWN, "printer")]


def test_nothing_shown_records_nothing(world):
    assert deflection.record_shown(world["reader"], deflection.new_token(), []) is None
    assert not DeflectionAttempt.objects.exists()


def test_an_article_the_person_may_not_read_is_refused(world):
    with pytest.raises(PermissionDenied):
        deflection.record_shown(world["reader"], deflection.new_token(), [world["bravo_only"]])
    assert not DeflectionAttempt.objects.exists()


def test_opened_then_solved_ends_the_attempt_with_the_article(world):
    reader, vpn, token = world["reader"], world["vpn"], deflection.new_token()
    deflection.record_shown(reader, token, [vpn])
    deflection.record_opened(reader, token, vpn)
    attempt = deflection.record_solved(reader, token, vpn)

    assert (attempt.outcome, attempt.article, attempt.ticket) == (Outcome.SOLVED, vpn, None)
    assert attempt.ended_at is not None
    assert steps(attempt) == [(Step.SHOWN, "vpn"), (Step.OPENED, "vpn"), (Step.SOLVED, "vpn")]


def test_sent_anyway_records_the_request_and_outweighs_solved(world):
    reader, vpn, token = world["reader"], world["vpn"], deflection.new_token()
    deflection.record_shown(reader, token, [vpn])
    deflection.record_solved(reader, token, vpn)
    ticket = make_ticket(reader)

    attempt = deflection.record_sent(reader, token, ticket)

    assert (attempt.outcome, attempt.ticket) == (Outcome.SENT, ticket)
    with pytest.raises(ValidationError):
        deflection.record_solved(reader, token, vpn)
    assert DeflectionAttempt.objects.get().outcome == Outcome.SENT


def test_a_request_sent_without_suggestions_records_nothing(world):
    ticket = make_ticket(world["reader"])
    assert deflection.record_sent(world["reader"], deflection.new_token(), ticket) is None
    assert deflection.record_sent(world["reader"], "not a token", ticket) is None
    assert not DeflectionAttempt.objects.exists()


def test_a_token_of_someone_elses_attempt_writes_nothing_into_it(world):
    reader, vpn, token = world["reader"], world["vpn"], deflection.new_token()
    deflection.record_shown(reader, token, [vpn])
    before = steps(DeflectionAttempt.objects.get())

    for other in (world["colleague"], world["outsider"]):
        with pytest.raises(PermissionDenied):
            deflection.record_shown(other, token, [world["printer"]])
        with pytest.raises(PermissionDenied):
            deflection.record_opened(other, token, vpn)
        with pytest.raises(PermissionDenied):
            deflection.record_solved(other, token, vpn)
        assert deflection.record_sent(other, token, make_ticket(other)) is None

    attempt = DeflectionAttempt.objects.get()
    assert (attempt.person, attempt.outcome, steps(attempt)) == (reader, "", before)


def test_a_bad_token_is_refused_clearly(world):
    with pytest.raises(ValidationError):
        deflection.record_shown(world["reader"], "<script>", [world["vpn"]])
    with pytest.raises(ValidationError):
        deflection.record_solved(world["reader"], deflection.new_token(), world["vpn"])
    assert not DeflectionAttempt.objects.exists()


def test_staff_record_no_attempts(world):
    with pytest.raises(PermissionDenied):
        deflection.record_shown(world["agent_of_alpha"], deflection.new_token(), [world["vpn"]])


def test_the_sweep_settles_forms_left_unsent_for_hours_as_abandoned(world):
    reader, vpn = world["reader"], world["vpn"]
    old, fresh, solved = deflection.new_token(), deflection.new_token(), deflection.new_token()
    for token in (old, fresh, solved):
        deflection.record_shown(reader, token, [vpn])
    deflection.record_solved(reader, solved, vpn)
    hours_ago = timezone.now() - deflection.ABANDONED_AFTER - timedelta(minutes=1)
    DeflectionAttempt.objects.filter(token__in=[old, solved]).update(last_step_at=hours_ago)

    assert sweep_abandoned_requests.call_local() == 1
    assert deflection.sweep_abandoned() == 0  # settled once

    outcomes = dict(DeflectionAttempt.objects.values_list("token", "outcome"))
    assert {str(token): outcome for token, outcome in outcomes.items()} == {
        old: Outcome.ABANDONED,
        fresh: "",
        solved: Outcome.SOLVED,
    }
    assert steps(DeflectionAttempt.objects.get(token=old))[-1] == (Step.ABANDONED, None)


def test_an_abandoned_form_sent_later_counts_as_sent(world):
    reader, token = world["reader"], deflection.new_token()
    deflection.record_shown(reader, token, [world["vpn"]])
    deflection.sweep_abandoned(now=timezone.now() + timedelta(days=1))

    attempt = deflection.record_sent(reader, token, make_ticket(reader))

    assert attempt.outcome == Outcome.SENT


def _period():
    now = timezone.now()
    return now - timedelta(days=1), now + timedelta(minutes=1)


def test_figures_per_organisation_and_per_article(world):
    reader, outsider, vpn, printer = world["reader"], world["outsider"], world["vpn"], world["printer"]
    solved, sent, left, shown_only = (deflection.new_token() for _ in range(4))
    for token in (solved, sent, left, shown_only):
        deflection.record_shown(reader, token, [vpn, printer])
    deflection.record_opened(reader, solved, vpn)
    deflection.record_solved(reader, solved, vpn)
    deflection.record_opened(reader, sent, printer)
    deflection.record_sent(reader, sent, make_ticket(reader))
    DeflectionAttempt.objects.filter(token=left).update(last_step_at=timezone.now() - timedelta(days=1))
    deflection.sweep_abandoned()
    deflection.record_shown(outsider, deflection.new_token(), [vpn])

    rows, total = deflection_figures.by_organisation(world["admin"], *_period())
    figures = {row.subject.code: (row.shown, row.opened, row.solved, row.sent, row.abandoned) for row in rows}
    assert figures == {"ALPHA": (4, 2, 1, 1, 1), "BRAVO": (1, 0, 0, 0, 0)}
    assert (total.shown, total.solved, total.percent) == (5, 1, 20)

    by_article = {
        row.subject.key: (row.shown, row.opened, row.solved, row.sent, row.abandoned)
        for row in deflection_figures.by_article(world["admin"], *_period())
    }
    assert by_article == {"vpn": (5, 1, 1, 1, 1), "printer": (4, 1, 0, 1, 1)}


def test_staff_see_figures_only_for_organisations_they_serve(world):
    deflection.record_shown(world["reader"], deflection.new_token(), [world["vpn"]])
    deflection.record_shown(world["outsider"], deflection.new_token(), [world["bravo_only"]])

    rows, total = deflection_figures.by_organisation(world["agent_of_alpha"], *_period())
    assert [row.subject for row in rows] == [world["alpha"]] and total.shown == 1
    articles = [row.subject.key for row in deflection_figures.by_article(world["agent_of_alpha"], *_period())]
    assert articles == ["vpn"]
    assert deflection_figures.by_organisation(world["reader"], *_period()) == (
        [],
        deflection_figures._sum([]),
    )
    assert deflection_figures.by_article(world["reader"], *_period()) == []


def test_a_period_counts_the_attempts_started_in_it(world):
    deflection.record_shown(world["reader"], deflection.new_token(), [world["vpn"]])
    later = timezone.now() + timedelta(days=1)
    rows, total = deflection_figures.by_organisation(world["admin"], later, later + timedelta(days=1))
    assert rows == [] and total.shown == 0 and total.rate is None


def test_the_admin_site_shows_attempts_and_their_steps_read_only(world, client):
    token = deflection.new_token()
    deflection.record_shown(world["reader"], token, [world["vpn"]])
    attempt = DeflectionAttempt.objects.get()
    client.force_login(world["admin"])
    assert token in client.get("/admin/knowledge/deflectionattempt/").content.decode()
    page = client.get(f"/admin/knowledge/deflectionattempt/{attempt.pk}/change/")
    assert page.status_code == 200 and "vpn" in page.content.decode()
    client.post(f"/admin/knowledge/deflectionattempt/{attempt.pk}/change/", {"outcome": "solved"})
    assert DeflectionAttempt.objects.get().outcome == ""


def test_a_form_left_unsent_is_abandoned_at_once_and_may_still_be_sent(world):
    reader, token = world["reader"], deflection.new_token()
    deflection.record_shown(reader, token, [world["vpn"]])

    attempt = deflection.record_left(reader, token)
    assert attempt.outcome == Outcome.ABANDONED and steps(attempt)[-1] == (Step.ABANDONED, None)
    assert deflection.sweep_abandoned(now=timezone.now() + timedelta(days=1)) == 0  # already settled
    assert deflection.record_sent(reader, token, make_ticket(reader)).outcome == Outcome.SENT


def test_leaving_a_form_never_shown_articles_or_someone_elses_records_nothing(world):
    assert deflection.record_left(world["reader"], deflection.new_token()) is None
    token = deflection.new_token()
    deflection.record_shown(world["reader"], token, [world["vpn"]])
    with pytest.raises(PermissionDenied):
        deflection.record_left(world["colleague"], token)
    assert DeflectionAttempt.objects.get().outcome == ""
