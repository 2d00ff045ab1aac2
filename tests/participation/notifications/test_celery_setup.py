"""The Celery set-up of notifications: queues, the beat schedule, publishing that fails fast."""

from django.conf import settings

from config.celery import app
from participation import tasks


def test_notification_tasks_go_to_the_notifications_queue_and_reports_to_theirs():
    router = app.amqp.router
    for task in (
        tasks.fan_out_event,
        tasks.send_notification_emails,
        tasks.send_digests,
        tasks.sweep_notifications,
    ):
        assert router.route({}, task.name)["queue"].name == "notifications"
    assert router.route({}, "budgets.tasks.remind_closing_votes")["queue"].name == "notifications"
    assert router.route({}, "budgets.report_tasks.render_results_pdf")["queue"].name == "reports"
    assert router.route({}, tasks.render_pdf_report.name)["queue"].name == "reports"
    assert router.route({}, tasks.prune_pdf_reports.name)["queue"].name == "reports"
    assert router.route({}, tasks.advance_all_processes.name)["queue"].name == "default"


def test_the_beat_schedule_runs_the_sweeper_every_minute_and_the_digests_every_morning():
    schedule = app.conf.beat_schedule
    assert schedule["sweep-notifications"]["task"] == tasks.sweep_notifications.name
    assert str(schedule["sweep-notifications"]["schedule"]) == str(
        app.conf.beat_schedule["advance-processes"]["schedule"]
    )
    assert (schedule["daily-digests"]["task"], schedule["daily-digests"]["args"]) == (
        tasks.send_digests.name,
        ("daily",),
    )
    assert (schedule["weekly-digests"]["task"], schedule["weekly-digests"]["args"]) == (
        tasks.send_digests.name,
        ("weekly",),
    )
    assert schedule["weekly-digests"]["schedule"].day_of_week == {1}
    assert schedule["prune-pdf-reports"]["task"] == tasks.prune_pdf_reports.name
    prune = schedule["prune-pdf-reports"]["schedule"]
    assert (prune.hour, prune.minute) == ({3}, {30})


def test_publishing_does_not_retry_so_a_page_never_waits_for_a_broker_that_is_down():
    assert settings.CELERY_TASK_PUBLISH_RETRY is False
    assert settings.CELERY_BROKER_TRANSPORT_OPTIONS["max_retries"] == 0
    assert settings.CELERY_BROKER_TRANSPORT_OPTIONS["socket_connect_timeout"] == 1


def test_the_notification_tasks_are_acknowledged_late_because_they_are_idempotent():
    for task in (
        tasks.fan_out_event,
        tasks.send_notification_emails,
        tasks.send_digests,
        tasks.sweep_notifications,
    ):
        assert task.acks_late is True
