"""The funded-projects part of the budgets demo: once the finished process's vote is counted (which created
one funded project per selected project, see `budget_allocate`), three associations carry them and report:
updates with photos (small images drawn with Pillow), milestones, expenses, and transitions so that every
state shows (planned, in progress, paused, completed, cancelled). Staff also add a project funded another way
with two sub-projects (progress weighted by their amounts). Everything goes through the services."""

import datetime
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw

from participation.demo.accounts import DEMO_EMAIL_DOMAIN, DemoPerson
from participation.models import DomainEvent, EventKind

from ..models import Association, AssociationMembership, AssociationRole, FundedProject, ProgressMode
from ..services import associations as association_services
from ..services import funded_projects as services

ASSOCIATION_MANAGER = DemoPerson(
    "association",
    "Claire Lejeune",
    "hamoir",
    email=f"association@{DEMO_EMAIL_DOMAIN}",
    role="association manager (Les Amis du Lavoir)",
)

ASSOCIATIONS = [
    (
        "les-amis-du-lavoir",
        "Les Amis du Lavoir",
        "Des habitantes et habitants qui restaurent le petit patrimoine des villages : lavoirs, fontaines, "
        "chapelles.",
        "lavoir@placette.localhost",
    ),
    (
        "jeunesse-en-mouvement",
        "Jeunesse en mouvement",
        "Le comité des jeunes : terrains de sport, aires de jeux, fêtes de village.",
        "jeunes@placette.localhost",
    ),
    (
        "sentiers-et-nature",
        "Sentiers et Nature",
        "Balisage et entretien des sentiers, plantations de haies.",
        "sentiers@placette.localhost",
    ),
]
DEMO_SLUGS = [slug for slug, _name, _description, _email in ASSOCIATIONS]
# The state each funded project of the vote reaches, in order (cycled).
STATE_PATHS = [
    ["start"],  # in progress
    ["start", "complete"],  # completed
    [],  # planned
    ["start", "pause"],  # paused
    ["cancel"],  # cancelled
]
COLOURS = [(46, 125, 50), (21, 101, 192), (239, 108, 0), (106, 27, 154), (0, 131, 143)]


def _photo(index: int) -> SimpleUploadedFile:
    image = Image.new("RGB", (480, 320), COLOURS[index % len(COLOURS)])
    draw = ImageDraw.Draw(image)
    draw.rectangle((40, 180, 440, 300), fill=(240, 235, 220))
    draw.polygon([(60, 180), (240, 60), (420, 180)], fill=(120, 80, 50))
    output = io.BytesIO()
    image.save(output, format="JPEG", quality=80)
    return SimpleUploadedFile(f"demo-{index}.jpg", output.getvalue(), content_type="image/jpeg")


def build_funded_projects(builder, process_slug: str, *, start: datetime.date) -> None:
    """`start`: the day the associations begin reporting (news, milestones and expenses are dated after it,
    on the process's timeline)."""
    admin = builder.people["admin"]
    manager = builder.people[ASSOCIATION_MANAGER.key]
    residents = [
        person
        for key, person in builder.people.items()
        if key not in {"admin", ASSOCIATION_MANAGER.key, "moderation", "evaluation", "guichet"}
    ]
    associations = []
    for index, (slug, name, description, email) in enumerate(ASSOCIATIONS):
        association = association_services.association_create(
            actor=admin, name=name, slug=slug, description=description, contact_email=email
        )
        first = manager if index == 0 else residents[index % len(residents)]
        association_services.membership_add(
            actor=admin, association=association, user=first, role=AssociationRole.MANAGER
        )
        member = residents[(index + 3) % len(residents)]
        if not AssociationMembership.objects.filter(association=association, user=member).exists():
            association_services.membership_add(actor=admin, association=association, user=member)
        associations.append(association)
    projects = list(FundedProject.objects.filter(process__slug=process_slug).order_by("pk"))
    process = projects[0].process if projects else builder.process(process_slug)
    parent = services.funded_project_create(
        actor=admin,
        title="Sentiers de la commune",
        process=process,
        allocated_cents=18_000_00,
        description="Baliser et entretenir les sentiers entre les villages, financé par la commune.",
        associations=[associations[2]],
        latitude="50.4160",
        longitude="5.5380",
    )
    services.funded_project_set_progress(actor=admin, project=parent, mode=ProgressMode.SUBPROJECTS)
    children = [
        services.funded_project_create(
            actor=admin,
            title=title,
            process=process,
            allocated_cents=amount,
            parent=parent,
            associations=[associations[2]],
            latitude=lat,
            longitude=lon,
        )
        for title, amount, lat, lon in (
            ("Sentier du Néblon", 12_000_00, "50.4120", "5.5210"),
            ("Sentier des Crêtes", 6_000_00, "50.4230", "5.5460"),
        )
    ]
    projects.extend([parent, *children])
    day = start
    # Every state shows: the paths go to the vote's projects and the two sub-projects (the parent starts).
    paths = iter(STATE_PATHS * 3)
    for index, project in enumerate(projects):
        association = (
            associations[index % 2] if project.parent_id is None and project != parent else associations[2]
        )
        if not project.associations.exists():
            services.funded_project_set_associations(actor=admin, project=project, associations=[association])
        reporter = AssociationMembership.objects.filter(association=association, role="manager").first().user
        milestones = [
            services.milestone_add(
                actor=reporter, project=project, title=title, planned_on=day + datetime.timedelta(days=offset)
            )
            for title, offset in (("Devis signés", 10), ("Début des travaux", 30), ("Inauguration", 90))
        ]
        path = next(paths) if project != parent else ["start"]
        for name in path:
            if name == "start":
                services.milestone_mark_done(
                    actor=reporter, milestone=milestones[0], done_on=day + datetime.timedelta(days=9)
                )
                services.expense_declare(
                    actor=reporter,
                    project=project,
                    amount_cents=project.allocated_cents // 4,
                    spent_on=day + datetime.timedelta(days=12),
                    description="Acompte à l'entreprise",
                )
                services.funded_project_post_update(
                    actor=reporter,
                    project=project,
                    happened_on=day + datetime.timedelta(days=31),
                    body="Les travaux ont commencé : merci aux bénévoles venus nombreux samedi !",
                    photos=[(_photo(index), "Le chantier au premier jour des travaux")],
                )
                project = services.funded_project_transition(actor=reporter, project=project, name="start")
            elif name == "complete":
                for milestone in milestones[1:]:
                    services.milestone_mark_done(
                        actor=reporter, milestone=milestone, done_on=day + datetime.timedelta(days=50)
                    )
                services.expense_declare(
                    actor=reporter,
                    project=project,
                    amount_cents=project.allocated_cents // 2,
                    spent_on=day + datetime.timedelta(days=48),
                    description="Solde de la facture",
                )
                services.funded_project_post_update(
                    actor=reporter,
                    project=project,
                    happened_on=day + datetime.timedelta(days=52),
                    body="C'est terminé ! L'inauguration a réuni tout le village.",
                    photos=[(_photo(index + 1), "Les habitants devant le projet terminé")],
                )
                project = services.funded_project_transition(actor=reporter, project=project, name="complete")
            elif name == "pause":
                project = services.funded_project_transition(
                    actor=reporter,
                    project=project,
                    name="pause",
                    reason="Les travaux reprendront après l'hiver, quand le sol sera sec.",
                )
            elif name == "cancel":
                project = services.funded_project_transition(
                    actor=admin,
                    project=project,
                    name="cancel",
                    reason=(
                        "Le terrain prévu a été vendu ; le montant revient au prochain budget participatif."
                    ),
                )


def delete_demo_rows(process_slugs: list[str]) -> None:
    """Funded projects protect their budget projects and processes: delete them first, and the demo
    associations with them."""
    FundedProject.objects.filter(process__slug__in=process_slugs).update(parent=None)
    FundedProject.objects.filter(process__slug__in=process_slugs).delete()
    association_ids = list(Association.objects.filter(slug__in=DEMO_SLUGS).values_list("pk", flat=True))
    # Membership events have no process: the process's deletion does not take them away.
    DomainEvent.objects.filter(
        kind__in=[EventKind.ASSOCIATION_MEMBER_JOINED, EventKind.ASSOCIATION_MEMBER_REMOVED],
        payload__association__in=association_ids,
    ).delete()
    Association.objects.filter(pk__in=association_ids).delete()


def summary_lines() -> list[str]:
    count = FundedProject.objects.count()
    if not count:
        return []
    return [
        f"Funded projects: {count} in every state, in /funded-projects/; "
        f"{ASSOCIATION_MANAGER.address} manages "
        f"« Les Amis du Lavoir » (/associations/les-amis-du-lavoir/members/) and reports on its projects."
    ]
