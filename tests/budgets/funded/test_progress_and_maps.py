"""Progress (by hand, from milestones, weighted by sub-projects) and the server-drawn map."""

import datetime

import pytest

from budgets import maps
from budgets.models import FundedProjectMilestone, FundedProjectState, ProgressMode
from budgets.selectors_funded import funded_project_detail

from .factories import make_funded_project

pytestmark = pytest.mark.django_db


def test_progress_from_milestones_done_over_total():
    project = make_funded_project()
    for index, done in enumerate([True, True, False]):
        FundedProjectMilestone.objects.create(
            project=project, title=f"Étape {index}", done_on=datetime.date(2026, 1, 1) if done else None
        )
    assert funded_project_detail(pk=project.pk).progress == 67


def test_progress_set_by_hand_and_completed_is_always_100():
    project = make_funded_project(progress_mode=ProgressMode.MANUAL, progress_manual=35)
    assert funded_project_detail(pk=project.pk).progress == 35
    done = make_funded_project(state=FundedProjectState.COMPLETED, progress_mode=ProgressMode.MANUAL)
    assert funded_project_detail(pk=done.pk).progress == 100


def test_progress_weighted_by_the_amounts_of_the_sub_projects():
    parent = make_funded_project(progress_mode=ProgressMode.SUBPROJECTS, allocated_cents=0)
    make_funded_project(
        process=parent.process,
        parent=parent,
        allocated_cents=30_000_00,
        progress_mode=ProgressMode.MANUAL,
        progress_manual=100,
    )
    make_funded_project(
        process=parent.process,
        parent=parent,
        allocated_cents=10_000_00,
        progress_mode=ProgressMode.MANUAL,
        progress_manual=20,
    )
    # (30 000 × 100 + 10 000 × 20) / 40 000 = 80.
    assert funded_project_detail(pk=parent.pk).progress == 80


def test_a_project_without_milestones_is_at_zero():
    assert funded_project_detail(pk=make_funded_project().pk).progress == 0


def test_the_map_places_points_inside_the_box_north_up():
    points = maps.place(
        [
            ("a", "Nord-Ouest", 50.5, 5.0, "planned"),
            ("b", "Sud-Est", 50.0, 6.0, "completed"),
            ("c", "Sans lieu", None, None, "planned"),
        ]
    )
    assert [(point.number, point.label) for point in points] == [(1, "Nord-Ouest"), (2, "Sud-Est")]
    north_west, south_east = points
    assert float(north_west.x) < float(south_east.x)
    assert float(north_west.y) < float(south_east.y)
    for point in points:
        assert maps.MARGIN <= float(point.x) <= maps.WIDTH - maps.MARGIN
        assert maps.MARGIN <= float(point.y) <= maps.HEIGHT - maps.MARGIN


def test_a_single_point_sits_in_the_middle():
    [point] = maps.place([("a", "Ici", 50.4, 5.5, "planned")])
    assert (point.x, point.y) == ("300", "200")
