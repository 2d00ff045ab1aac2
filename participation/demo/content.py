"""What the demo contains, as plain data: the villages and themes of the GAL Pays des Condruses, five
processes (one at each stage of the journey: submission, debate, evaluation, vote, finished) and their
proposals, comments and reports, in French. The builder turns this plan into rows through the services.

Dates are in days relative to the moment the demo is seeded, so the processes always show the right stage."""

import textwrap
from dataclasses import dataclass, field
from decimal import Decimal

from participation.models import CommentAlignment, PhaseKind, ProposalState, RejectionReason, ReportReason

GAL_NAME = "GAL Pays des Condruses"

FOR = CommentAlignment.FOR
AGAINST = CommentAlignment.AGAINST
NEUTRAL = CommentAlignment.NEUTRAL


def text(value: str) -> str:
    """Paragraphs written hard-wrapped in the source become one line each, separated by a blank line."""
    paragraphs = textwrap.dedent(value).strip().split("\n\n")
    return "\n\n".join(" ".join(line.strip() for line in paragraph.splitlines()) for paragraph in paragraphs)


@dataclass(frozen=True)
class AreaSpec:
    slug: str
    name: str
    latitude: Decimal
    longitude: Decimal


# The nine communes of the GAL, west to east-ish, with the coordinates of their centre.
AREAS = [
    AreaSpec("ouffet", "Ouffet", Decimal("50.438900"), Decimal("5.466400")),
    AreaSpec("anthisnes", "Anthisnes", Decimal("50.483600"), Decimal("5.520800")),
    AreaSpec("clavier", "Clavier", Decimal("50.400600"), Decimal("5.352800")),
    AreaSpec("comblain-au-pont", "Comblain-au-Pont", Decimal("50.474400"), Decimal("5.578100")),
    AreaSpec("hamoir", "Hamoir", Decimal("50.426400"), Decimal("5.532500")),
    AreaSpec("marchin", "Marchin", Decimal("50.466700"), Decimal("5.241700")),
    AreaSpec("modave", "Modave", Decimal("50.445300"), Decimal("5.295000")),
    AreaSpec("nandrin", "Nandrin", Decimal("50.507200"), Decimal("5.419200")),
    AreaSpec("tinlot", "Tinlot", Decimal("50.476100"), Decimal("5.375000")),
]

CATEGORIES = [
    ("mobilite", "Mobilité"),
    ("environnement", "Environnement"),
    ("cohesion-sociale", "Cohésion sociale"),
    ("culture", "Culture"),
    ("jeunesse", "Jeunesse"),
    ("aines", "Aînés"),
    ("agriculture-et-alimentation", "Agriculture et alimentation"),
    ("patrimoine", "Patrimoine"),
    ("sport-et-loisirs", "Sport et loisirs"),
]


@dataclass(frozen=True)
class PhaseSpec:
    kind: str
    start_day: int  # days from now (negative: in the past)
    end_day: int
    title: str = ""
    description: str = ""


@dataclass(frozen=True)
class ProcessSpec:
    slug: str
    title: str
    summary: str
    description: str
    categories: tuple[str, ...]
    phases: tuple[PhaseSpec, ...]
    support_threshold: int | None = None
    support_limit_per_user: int | None = None
    followers: tuple[str, ...] = ()  # person keys following the whole process


@dataclass(frozen=True)
class CommentSpec:
    author: str
    alignment: str
    body: str
    replies: tuple["CommentSpec", ...] = ()
    key: str = ""  # for reports


@dataclass(frozen=True)
class Rejection:
    reason: str
    public_reason: str
    duplicate_of: str = ""  # proposal key


@dataclass(frozen=True)
class Evaluation:
    cost_euros: int
    answer: str


@dataclass(frozen=True)
class ProposalSpec:
    key: str
    process: str
    author: str
    state: str  # the state the proposal ends in
    area: str
    category: str
    title: str
    body: str
    location: tuple[Decimal, Decimal] | None = None
    supports: int = 0
    supporters: tuple[str, ...] = ()  # named supporters, part of `supports`
    followers: tuple[str, ...] = ()
    comments: tuple[CommentSpec, ...] = ()
    rejection: Rejection | None = None
    evaluation: Evaluation | None = None
    edit: str = ""  # a paragraph the author adds after submitting
    # The phase in which a withdrawal or a rejection happens (default: the debate if the process reached it).
    decided_in: str = ""


@dataclass(frozen=True)
class ReportSpec:
    reporter: str
    reason: str
    details: str = ""
    proposal: str = ""  # proposal key
    comment: str = ""  # comment key
    outcome: str = "pending"  # pending, hidden (by the moderator) or dismissed
    moderator_reason: str = ""
    extra_reporters: tuple[str, ...] = field(default=())


def location(latitude: str, longitude: str) -> tuple[Decimal, Decimal]:
    return Decimal(latitude), Decimal(longitude)


def _phases(information, submission, debate, evaluation, vote, results, implementation):
    """Seven consecutive phases; each argument is (start_day, end_day)."""
    kinds = [
        (
            PhaseKind.INFORMATION,
            information,
            "Information et réunions de village",
            "Séances d'information dans les maisons de village et présentation de l'enveloppe.",
        ),
        (
            PhaseKind.SUBMISSION,
            submission,
            "Dépôt des propositions",
            "Chaque habitant·e peut déposer une ou plusieurs propositions, seul·e ou avec d'autres.",
        ),
        (
            PhaseKind.DEBATE,
            debate,
            "Débat et soutiens",
            "Commentez les propositions, améliorez-les ensemble et soutenez celles qui vous tiennent à cœur.",
        ),
        (
            PhaseKind.EVALUATION,
            evaluation,
            "Analyse technique",
            "Les services communaux et l'équipe du GAL vérifient la faisabilité et estiment le coût.",
        ),
        (
            PhaseKind.VOTE,
            vote,
            "Vote",
            "Chaque habitant·e vérifié·e vote pour les projets de son choix, dans la limite de l'enveloppe.",
        ),
        (PhaseKind.RESULTS, results, "Résultats", "Publication des projets retenus."),
        (
            PhaseKind.IMPLEMENTATION,
            implementation,
            "Réalisation",
            "Les porteurs de projets et les communes réalisent les projets retenus et en rendent compte.",
        ),
    ]
    return tuple(
        PhaseSpec(kind=kind, start_day=days[0], end_day=days[1], title=title, description=description)
        for kind, days, title, description in kinds
    )


# --- Processes ----------------------------------------------------------------------------------------------

JEUNESSE = "idees-jeunesse"
TRANSITION = "villages-en-transition"
VIVRE_ENSEMBLE = "vivre-ensemble"
PATRIMOINE = "patrimoine-et-paysages"
PREMIERE_EDITION = "premier-budget-participatif"

PROCESSES = [
    ProcessSpec(
        slug=JEUNESSE,
        title="Appel à idées : la parole aux jeunes du Condroz",
        summary="Tu as entre 12 et 30 ans, ou une idée pour les jeunes de ton village ? Dépose-la : "
        "les propositions seront débattues puis soumises au vote.",
        description=text("""
            Le GAL Pays des Condruses réserve 40 000 € aux projets imaginés par et pour les jeunes de ses neuf
            communes : lieux de rencontre, sport, culture, mobilité le soir et le week-end.

            Les propositions peuvent être déposées seul·e, entre ami·e·s, par un mouvement de jeunesse ou une
            classe. L'animatrice jeunesse du GAL aide à les rédiger lors de permanences à la maison des jeunes
            de Comblain-au-Pont.
        """),
        categories=("jeunesse", "sport-et-loisirs", "culture", "mobilite"),
        phases=_phases((-21, -14), (-14, 21), (21, 49), (49, 77), (77, 91), (91, 98), (98, 365)),
        support_threshold=10,
        followers=("lea.delhalle", "youssef.benali", "julie.lhoest"),
    ),
    ProcessSpec(
        slug=TRANSITION,
        title="Budget participatif : des villages en transition",
        summary="150 000 € pour des projets d'habitant·e·s en faveur de la mobilité douce, de la nature et "
        "de l'alimentation locale.",
        description=text("""
            Comment se déplacer autrement entre nos villages, ramener la nature au cœur des villages et
            soutenir nos producteurs ? Le GAL Pays des Condruses et ses neuf communes consacrent 150 000 € aux
            projets proposés par les habitant·e·s.

            Les propositions sont en débat : commentez-les, améliorez-les et soutenez celles qui vous
            convainquent. Celles qui dépassent 8 soutiens sont signalées et seront analysées en priorité par
            les services communaux.

            Règles : un projet doit relever des compétences communales ou du GAL, profiter au public et
            pouvoir être réalisé en deux ans.
        """),
        categories=("mobilite", "environnement", "agriculture-et-alimentation", "cohesion-sociale"),
        phases=_phases((-80, -66), (-66, -24), (-24, 18), (18, 60), (60, 74), (74, 81), (81, 400)),
        support_threshold=8,
        followers=(
            "marie",
            "luc.dubois",
            "catherine.thiry",
            "jean-pierre.collard",
            "christophe.lambotte",
            "isabelle.pirard",
            "olivier.lemaire",
        ),
    ),
    ProcessSpec(
        slug=VIVRE_ENSEMBLE,
        title="Fonds « Vivre ensemble » : cohésion sociale et aînés",
        summary="60 000 € pour rompre l'isolement, créer des liens entre générations et faire vivre nos "
        "villages.",
        description=text("""
            Le fonds « Vivre ensemble » finance de petits projets qui rapprochent les habitant·e·s : activités
            entre générations, mobilité des aînés, lieux de rencontre, fêtes de village.

            Les propositions débattues sont en cours d'analyse par les services communaux et le CPAS. Chaque
            proposition recevra une réponse publique : acceptée avec une estimation de son coût, ou refusée
            avec une explication.

            Chaque habitant·e pouvait soutenir au maximum cinq propositions.
        """),
        categories=("cohesion-sociale", "aines", "culture", "patrimoine"),
        phases=_phases((-130, -116), (-116, -75), (-75, -33), (-33, 14), (14, 28), (28, 35), (35, 380)),
        support_threshold=6,
        support_limit_per_user=5,
        followers=("francoise.bodson", "chantal.wathelet", "marie"),
    ),
    ProcessSpec(
        slug=PATRIMOINE,
        title="Budget participatif : patrimoine et paysages du Condroz",
        summary="60 000 € pour le petit patrimoine, les paysages et les promenades : le vote est ouvert.",
        description=text("""
            Potales, lavoirs, murets en pierre sèche, mares et chemins : le Condroz a un patrimoine discret
            qui fait son charme. Les habitant·e·s ont proposé des projets pour le préserver et le faire
            connaître.

            Après le débat et l'analyse technique, cinq propositions d'habitant·e·s et trois projets de la
            commune d'Ouffet et du GAL sont soumis au vote, dans deux enveloppes : 30 000 € pour tout le
            territoire, où chacun·e choisit des projets dans la limite de l'enveloppe, et 30 000 € pour
            Ouffet, commune pilote, où chacun·e choisit jusqu'à trois projets.

            Pour voter, prouvez que vous êtes sur la liste des électeurs (date de naissance et code postal),
            ou utilisez le code de vote reçu sur papier. Vous pouvez aussi voter au guichet de votre commune
            ou sur un bulletin papier.
        """),
        categories=("patrimoine", "environnement", "culture"),
        phases=_phases((-170, -156), (-156, -115), (-115, -70), (-70, -8), (-8, 9), (9, 16), (16, 380)),
        support_threshold=6,
        followers=("jean-marc.bastin", "veronique.henrard", "luc.dubois"),
    ),
    ProcessSpec(
        slug=PREMIERE_EDITION,
        title="Premier budget participatif du Pays des Condruses",
        summary="La première édition : 85 000 € répartis entre les projets choisis par les habitant·e·s. "
        "Les projets retenus sont réalisés.",
        description=text("""
            Pour sa première édition, le budget participatif du GAL Pays des Condruses a reçu des propositions
            des neuf communes. Après le débat, l'analyse et le vote, quatre projets ont été retenus et sont
            aujourd'hui réalisés : trois dans l'enveloppe de 50 000 € du territoire, un dans celle de 35 000 €
            de Nandrin.

            Les voix ont été comptées à la règle « les plus soutenus d'abord ». La page des résultats montre
            aussi ce que la méthode des parts égales aurait financé : le bilan de cette édition a servi à
            préparer les appels suivants.

            Merci aux habitant·e·s qui ont voté en ligne, au guichet de leur commune ou sur papier !
        """),
        categories=(
            "mobilite",
            "cohesion-sociale",
            "agriculture-et-alimentation",
            "jeunesse",
            "culture",
            "environnement",
            "sport-et-loisirs",
        ),
        phases=_phases(
            (-560, -546), (-546, -505), (-505, -465), (-465, -420), (-420, -406), (-406, -399), (-399, -15)
        ),
        support_threshold=5,
        followers=("caroline.renson", "olivier.lemaire"),
    ),
]

# --- Proposals ----------------------------------------------------------------------------------------------

P = ProposalSpec
C = CommentSpec

PROPOSALS = [
    # --- Appel à idées jeunesse (submission open) ----------------------------------------------------------
    P(
        key="skatepark",
        process=JEUNESSE,
        author="lea.delhalle",
        state=ProposalState.SUBMITTED,
        area="comblain-au-pont",
        category="sport-et-loisirs",
        title="Un petit skatepark en béton près du hall omnisports de Comblain-au-Pont",
        body=text("""
            Les jeunes qui font du skate, de la trottinette ou du BMX n'ont aucun endroit adapté dans la
            région : on roule sur le parking du hall ou devant l'église, ce qui dérange tout le monde et n'est
            pas sans danger.

            Je propose un petit skatepark en béton (quelques modules, un bowl, une barre de slide) sur la
            pelouse inutilisée à côté du hall omnisports. Le béton coûte plus cher au départ que les modules
            en bois, mais il ne demande presque pas d'entretien et fait moins de bruit.

            Un groupe de jeunes est prêt à participer à la conception avec un bureau spécialisé et à organiser
            une journée d'initiation par an.
        """),
        location=location("50.476200", "5.574900"),
        edit=text("""
            Mise à jour : nous avons rencontré le gestionnaire du hall, qui est d'accord sur le principe. Le
            terrain appartient à la commune.
        """),
    ),
    P(
        key="bus-soir",
        process=JEUNESSE,
        author="youssef.benali",
        state=ProposalState.SUBMITTED,
        area="comblain-au-pont",
        category="mobilite",
        title="Un bus le samedi soir entre les villages et la gare de Comblain-au-Pont",
        body=text("""
            Le samedi soir, il n'y a plus aucun bus après 19 heures. Pour aller à Liège, à un concert ou
            simplement chez des amis dans le village voisin, il faut que les parents fassent le taxi.

            Je propose une navette le samedi soir, sur réservation, qui relie les villages du GAL à la gare de
            Comblain-au-Pont et au dernier train. Elle pourrait être testée pendant un an avec les TEC ou une
            société de taxis locale.
        """),
    ),
    P(
        key="local-jeunes",
        process=JEUNESSE,
        author="aurelie.cornet",
        state=ProposalState.SUBMITTED,
        area="tinlot",
        category="jeunesse",
        title="Ouvrir un local de jeunes autogéré dans l'ancienne école de Soheit-Tinlot",
        body=text("""
            Depuis la fermeture de l'école de Soheit, le bâtiment est vide. Les jeunes de Tinlot n'ont aucun
            endroit à eux pour se retrouver à l'abri, surtout en hiver.

            Nous proposons d'y aménager un local autogéré : une salle commune, un coin cuisine et un petit
            espace pour répéter de la musique. Une charte serait signée avec la commune, et un éducateur de
            l'AMO passerait chaque semaine.

            Les travaux (peinture, mobilier de récupération) pourraient être réalisés par les jeunes eux-mêmes
            pendant les vacances de Pâques.
        """),
        location=location("50.471800", "5.381200"),
    ),
    P(
        key="terrain-multisport",
        process=JEUNESSE,
        author="marie",
        state=ProposalState.DRAFT,
        area="ouffet",
        category="sport-et-loisirs",
        title="Un terrain multisport ouvert à tous derrière l'école communale d'Ouffet",
        body=text("""
            Derrière l'école communale, il y a un terrain en dolomie qui ne sert qu'aux récréations. Je
            voudrais proposer d'en faire un terrain multisport (foot, basket, handball) accessible en dehors
            des heures d'école.

            À compléter : demander l'avis de la direction et des voisins, et chercher un ordre de prix.
        """),
    ),
    P(
        key="ateliers-numeriques",
        process=JEUNESSE,
        author="nicolas.defays",
        state=ProposalState.DRAFT,
        area="nandrin",
        category="culture",
        title="Des ateliers de création numérique à la bibliothèque de Nandrin",
        body=text("""
            Vidéo, musique assistée par ordinateur, création de jeux vidéo : beaucoup de jeunes aimeraient
            apprendre, mais le matériel coûte cher.

            L'idée : équiper la bibliothèque de deux postes de création et organiser des ateliers le mercredi
            après-midi avec des animateurs bénévoles.
        """),
    ),
    P(
        key="festival-ourthe",
        process=JEUNESSE,
        author="julie.lhoest",
        state=ProposalState.IN_DEBATE,
        area="hamoir",
        category="culture",
        title="Un festival des jeunes talents du Condroz sur les bords de l'Ourthe à Hamoir",
        body=text("""
            Beaucoup de jeunes de la région jouent dans des groupes, font du slam ou du théâtre, mais n'ont
            jamais l'occasion de se produire devant un vrai public.

            Nous proposons un festival d'un jour, fin juin, sur la prairie au bord de l'Ourthe à Hamoir : une
            scène, une sono louée, des stands des mouvements de jeunesse et des producteurs locaux. Les
            groupes seraient choisis par un jury de jeunes.

            Le festival serait gratuit, sans alcool fort, et organisé avec le comité des fêtes de Hamoir qui a
            déjà l'expérience de la braderie.
        """),
        location=location("50.428100", "5.535600"),
    ),
    P(
        key="wifi-places",
        process=JEUNESSE,
        author="stephanie.lecomte",
        state=ProposalState.WITHDRAWN,
        area="tinlot",
        category="jeunesse",
        title="Du wifi gratuit et public sur toutes les places de village",
        body=text("""
            Pouvoir se connecter gratuitement sur la place du village, c'est utile pour les jeunes, les
            touristes et tous ceux qui ont un petit forfait.

            Je propose d'installer des bornes wifi publiques sur la place principale de chaque commune.
        """),
        decided_in=PhaseKind.SUBMISSION,
    ),
    P(
        key="jeunes-devant-salle",
        process=JEUNESSE,
        author="marc.lardinois",
        state=ProposalState.REJECTED,
        area="modave",
        category="jeunesse",
        title="Faire partir les jeunes qui traînent le soir devant la salle de Modave",
        body=text("""
            Tous les soirs, des jeunes se retrouvent devant la salle du village avec leurs scooters. Ils font
            du bruit jusqu'à minuit et laissent leurs canettes. Il faut que la commune les fasse partir.
        """),
        rejection=Rejection(
            RejectionReason.INADMISSIBLE,
            text("""
                Cette proposition vise un groupe de personnes et ne décrit pas un projet d'intérêt général
                (charte de participation, point 2). Le problème de bruit est réel : nous vous invitons à le
                signaler au service de la cohésion sociale, ou à reformuler votre idée en projet, par exemple
                un lieu de rencontre pour les jeunes à l'écart des habitations.
            """),
        ),
        decided_in=PhaseKind.SUBMISSION,
    ),
    # --- Villages en transition (debate open) --------------------------------------------------------------
    P(
        key="voie-lente",
        process=TRANSITION,
        author="jean-pierre.collard",
        state=ProposalState.IN_DEBATE,
        area="anthisnes",
        category="mobilite",
        title="Une voie lente sécurisée entre Anthisnes, Ouffet et Hamoir par les anciens chemins agricoles",
        body=text("""
            Entre nos villages, les routes sont étroites, sans trottoir ni piste cyclable, et les voitures y
            roulent vite. Résultat : personne n'ose laisser les enfants aller à vélo à l'école ou au club de
            foot du village voisin.

            Pourtant, il existe un réseau d'anciens chemins agricoles et de sentiers vicinaux qui relient
            Anthisnes, Ouffet et Hamoir presque sans passer par la route. Il manque quelques tronçons en
            revêtement stabilisé, des passages sécurisés aux deux traversées de la N66 et un balisage clair.

            Je propose d'aménager cette voie lente (environ 14 km) en commençant par le tronçon
            Anthisnes–Ouffet, le plus utilisé par les écoliers. Les agriculteurs riverains ont été consultés
            lors de la réunion de village de septembre et la plupart sont favorables si les chemins restent
            accessibles à leurs machines.
        """),
        location=location("50.461700", "5.491300"),
        supports=14,
        supporters=("marie",),
        followers=("marie", "luc.dubois", "olivier.lemaire"),
        comments=(
            C(
                "catherine.thiry",
                FOR,
                text("""
                Enfin ! Ma fille va au collège à Hamoir et je n'ose pas la laisser y aller à vélo. Avec une
                voie lente, elle pourrait le faire dès le printemps.
            """),
                replies=(
                    C(
                        "jean-pierre.collard",
                        NEUTRAL,
                        text("""
                    C'est exactement pour ça que je commence par Anthisnes–Ouffet : c'est là que les enfants
                    roulent le plus. Hamoir viendrait dans un deuxième temps.
                """),
                    ),
                ),
            ),
            C(
                "philippe.warnier",
                AGAINST,
                text("""
                Je suis agriculteur à Tavier. Les chemins de remembrement sont faits pour les tracteurs : si
                on y met des cyclistes et des promeneurs, il y aura des accidents au moment des moissons. Il
                faut prévoir des panneaux et accepter que nous passions.
            """),
                replies=(
                    C(
                        "isabelle.pirard",
                        NEUTRAL,
                        text("""
                    Une signalisation « Circulation agricole prioritaire » et des zones de croisement
                    élargies, comme sur le RAVeL, règleraient une bonne partie du problème, non ?
                """),
                    ),
                    C(
                        "philippe.warnier",
                        NEUTRAL,
                        text("""
                    Oui, si c'est écrit dans le projet, je suis prêt à soutenir.
                """),
                    ),
                ),
            ),
            C(
                "didier.massart",
                AGAINST,
                text("""
                14 km de revêtement, c'est une grosse partie de l'enveloppe. Ne vaudrait-il pas mieux
                commencer par de vraies traversées sécurisées de la N66, qui est le vrai danger ?
            """),
            ),
            C(
                "marie",
                FOR,
                text("""
                J'habite Ouffet et je fais souvent le trajet à pied vers Anthisnes : le chemin existe déjà
                presque partout, il manque surtout le balisage et deux passages boueux en hiver.
            """),
            ),
            C(
                "guy.fraipont",
                AGAINST,
                text("""
                Évidemment, c'est encore un copain de l'échevin qui propose ça. On connaît la chanson, tout
                est décidé d'avance et on va payer pour son chemin privé.
            """),
                key="voie-lente-attaque",
            ),
            C(
                "admin",
                NEUTRAL,
                text("""
                Pour information : le plan communal de mobilité d'Ouffet prévoit déjà une étude des traversées
                de la N66. Si la proposition est retenue, les deux projets seront coordonnés.
            """),
            ),
        ),
    ),
    P(
        key="piste-cyclable-ouffet-hamoir",
        process=TRANSITION,
        author="guy.fraipont",
        state=ProposalState.REJECTED,
        area="hamoir",
        category="mobilite",
        title="Créer une piste cyclable entre Ouffet et Hamoir",
        body=text("""
            Il faut une piste cyclable entre Ouffet et Hamoir : la route est trop dangereuse pour les vélos.
            Beaucoup de gens prendraient le vélo s'ils se sentaient en sécurité.
        """),
        supports=2,
        comments=(
            C(
                "nathalie.lejeune",
                NEUTRAL,
                text("""
                Cela rejoint la proposition de voie lente entre Anthisnes, Ouffet et Hamoir, qui passe par les
                anciens chemins. Peut-être unir vos forces ?
            """),
            ),
        ),
        rejection=Rejection(
            RejectionReason.DUPLICATE,
            text("""
                Cette proposition rejoint la voie lente Anthisnes–Ouffet–Hamoir, déjà en débat, qui couvre le
                même trajet. Pour ne pas disperser les soutiens, nous la classons comme doublon : vos
                remarques sont les bienvenues dans les commentaires de la proposition d'origine.
            """),
            duplicate_of="voie-lente",
        ),
    ),
    P(
        key="repair-cafe",
        process=TRANSITION,
        author="catherine.thiry",
        state=ProposalState.IN_DEBATE,
        area="ouffet",
        category="cohesion-sociale",
        title="Un repair café mensuel à la salle du village d'Ouffet",
        body=text("""
            Grille-pain, vélo, pantalon déchiré, ordinateur qui rame : au lieu de jeter, on répare ensemble.
            Un repair café, c'est un après-midi par mois où des bénévoles bricoleurs aident les habitant·e·s à
            réparer leurs objets, autour d'un café.

            Une dizaine de personnes se sont déjà proposées comme réparateurs (électricité, couture, vélo,
            informatique). Il nous faut un peu de matériel (outillage, fer à souder, machine à coudre, établis
            pliants), une assurance et un petit budget pour la communication.

            La salle du village d'Ouffet est libre le premier samedi du mois. Nous aimerions ensuite faire
            tourner le repair café dans les autres villages du GAL.
        """),
        location=location("50.439600", "5.467900"),
        supports=11,
        followers=("luc.dubois", "aurelie.cornet"),
        comments=(
            C(
                "luc.dubois",
                FOR,
                text("""
                Je suis électricien retraité, je viendrai avec plaisir. Pensez à un testeur d'appareils pour
                la sécurité électrique : c'est indispensable.
            """),
                replies=(
                    C(
                        "catherine.thiry",
                        NEUTRAL,
                        text("""
                    Merci Luc ! C'est noté, je l'ajoute à la liste du matériel.
                """),
                    ),
                ),
            ),
            C(
                "aurelie.cornet",
                FOR,
                text("""
                Super idée. Est-ce qu'on pourrait aussi y faire une petite bourse aux pièces détachées ?
            """),
            ),
            C(
                "benoit.hansenne",
                NEUTRAL,
                text("""
                Il en existe un à Esneux, peut-être les contacter pour l'assurance et l'organisation ? Ils ont
                beaucoup d'expérience.
            """),
                replies=(
                    C(
                        "catherine.thiry",
                        NEUTRAL,
                        text("""
                    Oui, nous les avons rencontrés : ils nous prêtent même leur modèle de charte pour les
                    réparateurs.
                """),
                    ),
                ),
            ),
        ),
    ),
    P(
        key="abris-velo",
        process=TRANSITION,
        author="olivier.lemaire",
        state=ProposalState.IN_DEBATE,
        area="comblain-au-pont",
        category="mobilite",
        title="Des abris vélos couverts et sécurisés à la gare de Comblain-au-Pont et aux arrêts de bus",
        body=text("""
            Beaucoup de navetteurs aimeraient venir à la gare à vélo, mais il n'y a que trois arceaux non
            couverts et plusieurs vélos y ont été volés l'an dernier.

            Je propose un abri vélos couvert et fermé (accès par badge ou par clé) de 20 places à la gare de
            Comblain-au-Pont, et des arceaux couverts aux six arrêts de bus les plus fréquentés du GAL.
        """),
        location=location("50.475600", "5.577200"),
        supports=9,
        comments=(
            C(
                "martine.closset",
                FOR,
                text("""
                Je prends le train tous les jours et je viendrais à vélo électrique s'il y avait un abri
                fermé. Les bornes de recharge seraient un plus.
            """),
            ),
            C(
                "francois.houbion",
                NEUTRAL,
                text("""
                La SNCB a un programme pour les parkings vélos dans les gares : il faudrait vérifier s'il ne
                peut pas financer une partie.
            """),
                replies=(
                    C(
                        "olivier.lemaire",
                        NEUTRAL,
                        text("""
                    Bonne remarque, je vais me renseigner. Le budget participatif pourrait alors financer les
                    arrêts de bus.
                """),
                    ),
                ),
            ),
        ),
    ),
    P(
        key="verger-conservatoire",
        process=TRANSITION,
        author="michel.gerard",
        state=ProposalState.IN_DEBATE,
        area="modave",
        category="environnement",
        title="Planter un verger conservatoire de variétés anciennes du Condroz à Modave",
        body=text("""
            Les vieux vergers hautes tiges disparaissent, et avec eux des variétés de pommes et de poires
            adaptées à notre climat : Reinette de Blenheim, Cwastresse double, Poire à cuire de Tinlot...

            Je propose de planter un verger conservatoire d'une cinquantaine d'arbres sur le terrain communal
            situé derrière le cimetière de Modave, avec le centre régional de ressources génétiques de
            Gembloux. Les écoles y suivraient la vie du verger, et les fruits seraient récoltés lors d'une
            fête annuelle du jus de pomme.

            Entretien : un groupe de bénévoles formés à la taille, avec l'appui du service travaux.
        """),
        location=location("50.446900", "5.293700"),
        supports=7,
        followers=("francoise.bodson",),
        comments=(
            C(
                "francoise.bodson",
                FOR,
                text("""
                Mon grand-père avait un verger à Vierset. Je serais ravie de participer à la taille et à la
                récolte.
            """),
            ),
            C(
                "laurent.marchal",
                NEUTRAL,
                text("""
                Attention aux chevreuils : il faudra de solides protections autour des jeunes arbres.
            """),
                replies=(
                    C(
                        "michel.gerard",
                        NEUTRAL,
                        text("""
                    Oui, c'est prévu dans le budget : des tuteurs et des corsets grillagés pour chaque arbre.
                """),
                    ),
                ),
            ),
            C(
                "pascal.dewez",
                NEUTRAL,
                text("""
                Vends bois de chauffage sec, chêne et hêtre, livraison sur Modave, Ouffet et environs. Prix
                intéressants, contactez-moi au 0470 12 34 56.
            """),
                key="verger-bois",
            ),
        ),
    ),
    P(
        key="potager-ecole",
        process=TRANSITION,
        author="isabelle.pirard",
        state=ProposalState.IN_DEBATE,
        area="nandrin",
        category="agriculture-et-alimentation",
        title="Un potager partagé à l'école communale de Nandrin, ouvert aux voisins pendant l'été",
        body=text("""
            Les enfants de l'école aimeraient cultiver un potager, mais qui s'en occupe pendant les grandes
            vacances ? L'idée est de le partager : les classes pendant l'année, les voisins pendant l'été, qui
            récoltent en échange de l'arrosage.

            Il faut des bacs surélevés (accessibles aussi aux personnes âgées), un récupérateur d'eau de
            pluie, une cabane à outils et quelques formations avec un maraîcher bio du village.
        """),
        supports=6,
        comments=(
            C(
                "julie.lhoest",
                FOR,
                text("""
                Mes enfants sont à l'école de Nandrin, ils en parlent depuis des mois. Je m'inscris pour
                l'arrosage en juillet !
            """),
            ),
            C(
                "stephanie.lecomte",
                NEUTRAL,
                text("""
                Qui aura la clé de l'école pendant l'été ? C'est souvent là que ces projets coincent.
            """),
            ),
        ),
    ),
    P(
        key="compost-tinlot",
        process=TRANSITION,
        author="christophe.lambotte",
        state=ProposalState.IN_DEBATE,
        area="tinlot",
        category="environnement",
        title="Des composts collectifs de quartier à Tinlot, avec des guides composteurs bénévoles",
        body=text("""
            Un tiers de nos poubelles est fait de déchets organiques. Beaucoup d'habitants voudraient
            composter mais n'ont pas de jardin ou ne savent pas comment s'y prendre.

            Je propose cinq sites de compost collectif (trois bacs en bois par site) dans les quartiers de
            Tinlot, Scry, Fraiture et Ramelot, gérés par des guides composteurs bénévoles formés par
            l'intercommunale.
        """),
        supports=4,
        comments=(
            C(
                "veronique.henrard",
                FOR,
                text("""
                Nous le faisons à Clavier depuis deux ans : ça marche très bien, et ça crée du lien entre
                voisins.
            """),
            ),
        ),
    ),
    P(
        key="marche-producteurs",
        process=TRANSITION,
        author="anne-francoise.delvaux",
        state=ProposalState.IN_DEBATE,
        area="marchin",
        category="agriculture-et-alimentation",
        title="Un marché de producteurs locaux le vendredi soir sur la place de Marchin",
        body=text("""
            Nous avons dans le Condroz des maraîchers, des fromagers, des brasseurs et des éleveurs, mais il
            faut faire le tour des fermes pour acheter local.

            Je propose un marché de producteurs le vendredi de 16 à 20 heures, d'avril à octobre, sur la place
            de Marchin, avec quelques tonnelles, l'électricité et un petit espace de dégustation. Ma ferme
            fromagère de Grand-Marchin serait parmi les premiers exposants.
        """),
        location=location("50.467300", "5.240800"),
        supports=5,
        comments=(
            C(
                "chantal.wathelet",
                FOR,
                text("""
                Le vendredi soir, c'est parfait pour ceux qui rentrent du travail. Il faudrait un peu de
                musique pour en faire un moment convivial.
            """),
            ),
            C(
                "michel.gerard",
                AGAINST,
                text("""
                Le marché du samedi à Huy existe déjà. J'ai peur que cela ne fasse de l'ombre aux commerces du
                centre de Marchin.
            """),
                replies=(
                    C(
                        "anne-francoise.delvaux",
                        NEUTRAL,
                        text("""
                    Nous en avons parlé avec la boulangerie et la supérette : ils seraient invités à tenir un
                    stand, et le marché amènerait du monde sur la place.
                """),
                    ),
                ),
            ),
        ),
    ),
    P(
        key="haies-ouffet",
        process=TRANSITION,
        author="marie",
        state=ProposalState.IN_DEBATE,
        area="ouffet",
        category="environnement",
        title="Replanter des haies champêtres le long des chemins de remembrement d'Ouffet",
        body=text("""
            Depuis le remembrement, beaucoup de haies ont disparu autour d'Ouffet. Elles abritaient les
            oiseaux, les hérissons et les insectes pollinisateurs, freinaient le ruissellement lors des orages
            et faisaient de l'ombre aux promeneurs.

            Je propose de replanter 3 kilomètres de haies d'essences locales (aubépine, noisetier, charme,
            prunellier, cornouiller) le long des chemins communaux, avec les écoles et les agriculteurs
            volontaires, pendant la Semaine de l'arbre.

            La Région subventionne une partie des plants ; le budget participatif financerait le reste, les
            protections et l'entretien des deux premières années.
        """),
        location=location("50.444200", "5.459800"),
        supports=8,
        followers=("catherine.thiry",),
        comments=(
            C(
                "laurent.marchal",
                FOR,
                text("""
                Très bonne idée. Les coulées de boue de l'an dernier à Warzée auraient été moins graves avec
                des haies en bas des champs.
            """),
            ),
            C(
                "philippe.warnier",
                NEUTRAL,
                text("""
                D'accord si les haies sont plantées du côté du chemin et pas sur les parcelles cultivées.
            """),
                replies=(
                    C(
                        "marie",
                        NEUTRAL,
                        text("""
                    Oui, c'est bien le principe : uniquement sur l'accotement communal, en accord avec chaque
                    exploitant.
                """),
                    ),
                ),
            ),
            C(
                "lea.delhalle",
                FOR,
                text("""
                Notre unité scoute peut venir planter un samedi matin !
            """),
            ),
        ),
    ),
    P(
        key="points-stop",
        process=TRANSITION,
        author="pascal.dewez",
        state=ProposalState.IN_DEBATE,
        area="hamoir",
        category="mobilite",
        title="Des arrêts de covoiturage balisés (« points stop ») dans chaque village",
        body=text("""
            Sans voiture, se déplacer dans le Condroz est un casse-tête. Les « points stop » sont des arrêts
            d'autostop organisé : un panneau, un abri, et des habitants inscrits qui s'engagent à s'arrêter.

            Je propose un point stop par village, avec une application simple et des cartes d'inscription pour
            les personnes sans smartphone.
        """),
        supports=3,
        comments=(
            C(
                "youssef.benali",
                FOR,
                text("""
                Pour les jeunes sans permis, ce serait vraiment utile, surtout le soir.
            """),
            ),
        ),
    ),
    P(
        key="eclairage-nuit",
        process=TRANSITION,
        author="didier.massart",
        state=ProposalState.WITHDRAWN,
        area="marchin",
        category="environnement",
        title="Éteindre l'éclairage public entre minuit et cinq heures dans les villages",
        body=text("""
            L'éclairage public toute la nuit coûte cher, gêne la faune nocturne et nous empêche de voir les
            étoiles. Beaucoup de communes wallonnes l'éteignent déjà la nuit.

            Je propose de tester l'extinction de minuit à cinq heures dans les rues résidentielles.
        """),
        supports=3,
        comments=(
            C(
                "nicolas.defays",
                AGAINST,
                text("""
                Je rentre du travail à une heure du matin à pied depuis l'arrêt de bus : dans le noir complet,
                ce n'est pas rassurant.
            """),
            ),
            C(
                "didier.massart",
                NEUTRAL,
                text("""
                Je retire ma proposition : la commune m'a confirmé que le gestionnaire du réseau remplace tout
                l'éclairage par des LED à intensité réduite la nuit, ce qui répond à la question sans frais
                pour le budget participatif.
            """),
            ),
        ),
    ),
    P(
        key="eoliennes",
        process=TRANSITION,
        author="francois.houbion",
        state=ProposalState.REJECTED,
        area="clavier",
        category="environnement",
        title="Interdire toute nouvelle éolienne sur le territoire du GAL",
        body=text("""
            Les projets d'éoliennes se multiplient autour de Clavier et de Tinlot. Elles abîment les paysages
            du Condroz et font baisser la valeur des maisons. Je propose que le GAL les interdise.
        """),
        comments=(
            C(
                "christophe.lambotte",
                AGAINST,
                text("""
                Il faut bien produire notre électricité quelque part. Un parc citoyen, où les habitants sont
                actionnaires, serait une meilleure réponse.
            """),
            ),
        ),
        rejection=Rejection(
            RejectionReason.OUT_OF_SCOPE,
            text("""
                L'autorisation des éoliennes relève de la Région wallonne (permis unique) et non des communes
                ni du GAL : le budget participatif ne peut pas en décider. Vous pouvez faire valoir votre avis
                lors des enquêtes publiques de chaque projet.
            """),
        ),
    ),
    P(
        key="piscine",
        process=TRANSITION,
        author="benoit.hansenne",
        state=ProposalState.REJECTED,
        area="nandrin",
        category="cohesion-sociale",
        title="Construire une piscine couverte intercommunale à Nandrin",
        body=text("""
            Il n'y a aucune piscine publique dans le Condroz : les écoles doivent aller jusqu'à Huy ou Seraing
            et les créneaux sont saturés. Une piscine intercommunale à Nandrin, au centre du GAL, servirait
            aux écoles, aux clubs et aux familles.
        """),
        supports=2,
        rejection=Rejection(
            RejectionReason.OTHER,
            text("""
                Une piscine couverte coûte plusieurs millions d'euros, bien au-delà de l'enveloppe de 150 000
                € de ce budget participatif. Nous avons transmis la proposition à la conférence des
                bourgmestres du GAL, qui étudie les besoins en infrastructures sportives.
            """),
        ),
    ),
    # --- Vivre ensemble (evaluation open) ------------------------------------------------------------------
    P(
        key="navette-aines",
        process=VIVRE_ENSEMBLE,
        author="francoise.bodson",
        state=ProposalState.ACCEPTED,
        area="modave",
        category="aines",
        title="Une navette pour les aînés vers les marchés, la pharmacie et les consultations médicales",
        body=text("""
            Dans nos villages, beaucoup d'aînés ne conduisent plus et dépendent de leurs enfants ou de leurs
            voisins pour faire leurs courses ou aller chez le médecin. Le bus passe deux fois par jour, et pas
            partout.

            Je propose une navette (un minibus adapté aux personnes à mobilité réduite) qui passerait dans
            chaque village deux jours par semaine, sur réservation par téléphone, vers les marchés de Huy et
            d'Ouffet, les pharmacies et les maisons médicales.

            Des chauffeurs bénévoles se sont déjà manifestés ; le CPAS pourrait gérer les réservations.
        """),
        supports=12,
        followers=("chantal.wathelet",),
        comments=(
            C(
                "chantal.wathelet",
                FOR,
                text("""
                Ma voisine de 87 ans ne sort plus de chez elle depuis qu'elle a arrêté de conduire. Ce serait
                un vrai changement de vie pour elle.
            """),
            ),
            C(
                "marc.lardinois",
                NEUTRAL,
                text("""
                Qui paie le carburant et l'assurance après la première année ? Il faut un plan pour la suite.
            """),
                replies=(
                    C(
                        "francoise.bodson",
                        NEUTRAL,
                        text("""
                    Une participation de deux euros par trajet est prévue, et le CPAS a accepté de reprendre
                    les frais de fonctionnement si le test est concluant.
                """),
                    ),
                ),
            ),
            C(
                "marie",
                FOR,
                text("""
                Je soutiens. Pensez aussi aux jeunes mamans sans voiture pour les consultations ONE.
            """),
            ),
        ),
        evaluation=Evaluation(
            28_000,
            text("""
            Proposition acceptée. Le CPAS de Modave gérera les réservations et les communes mettront à
            disposition un minibus adapté en leasing. Le coût couvre la première année (leasing, assurance,
            carburant, formation des chauffeurs bénévoles) ; les communes s'engagent à poursuivre si la
            fréquentation dépasse 20 trajets par semaine.
        """),
        ),
    ),
    P(
        key="boites-a-livres",
        process=VIVRE_ENSEMBLE,
        author="valerie.goffin",
        state=ProposalState.ACCEPTED,
        area="clavier",
        category="culture",
        title="Des boîtes à livres dans chaque village, fabriquées par les jeunes de l'atelier menuiserie",
        body=text("""
            Une boîte à livres, c'est une petite bibliothèque en libre-service : on prend un livre, on en
            dépose un autre. Elles existent déjà à Ouffet et Hamoir et fonctionnent très bien.

            Je propose d'en installer une dans chacun des villages du GAL qui n'en ont pas encore (une
            vingtaine), fabriquées par les élèves de l'atelier menuiserie de l'école professionnelle, avec une
            marraine ou un parrain par boîte pour veiller à son entretien.
        """),
        supports=8,
        comments=(
            C(
                "aurelie.cornet",
                FOR,
                text("""
                Celle d'Ouffet est toujours pleine ! Ajoutez un rayon pour les enfants.
            """),
            ),
            C(
                "nathalie.lejeune",
                FOR,
                text("""
                Les bibliothèques communales peuvent fournir les premiers livres : elles ont beaucoup de dons
                en double.
            """),
            ),
        ),
        evaluation=Evaluation(
            4_500,
            text("""
            Proposition acceptée. L'école professionnelle de Huy réalisera 20 boîtes dans le cadre de ses
            cours ; le budget couvre le bois, la quincaillerie, le vitrage en polycarbonate et la pose par le
            service travaux.
        """),
        ),
    ),
    P(
        key="bancs-ourthe",
        process=VIVRE_ENSEMBLE,
        author="martine.closset",
        state=ProposalState.ACCEPTED,
        area="comblain-au-pont",
        category="aines",
        title="Des bancs tous les 300 mètres sur la promenade des bords de l'Ourthe",
        body=text("""
            La promenade le long de l'Ourthe entre Comblain-au-Pont et Comblain-la-Tour est plate et très
            belle, mais il n'y a que deux bancs sur trois kilomètres. Beaucoup de personnes âgées ou avec des
            difficultés à marcher renoncent à la faire.

            Je propose d'installer une dizaine de bancs avec dossier et accoudoirs, tous les 300 mètres
            environ, dont quelques-uns à l'ombre.
        """),
        location=location("50.468900", "5.569300"),
        supports=9,
        comments=(
            C(
                "guy.fraipont",
                FOR,
                text("""
                Avec des accoudoirs, c'est important : sans eux, on a du mal à se relever.
            """),
            ),
            C(
                "olivier.lemaire",
                NEUTRAL,
                text("""
                Des bancs en bois local (chêne de nos forêts) seraient plus beaux que les modèles en métal.
            """),
            ),
        ),
        evaluation=Evaluation(
            9_800,
            text("""
            Proposition acceptée : 10 bancs en chêne avec dossier et accoudoirs, posés par le service travaux
            sur des dalles stabilisées. L'emplacement exact sera choisi lors d'une promenade avec l'auteure et
            le conseil consultatif des aînés.
        """),
        ),
    ),
    P(
        key="fete-des-voisins",
        process=VIVRE_ENSEMBLE,
        author="sandrine.jacquemin",
        state=ProposalState.ACCEPTED,
        area="anthisnes",
        category="cohesion-sociale",
        title="Une fête des voisins intergénérationnelle dans chaque village, avec un kit prêt à l'emploi",
        body=text("""
            Organiser une fête de village demande du matériel (tonnelles, tables, sono) et des démarches que
            beaucoup n'osent pas entreprendre.

            Je propose un « kit fête des voisins » que chaque comité ou groupe de voisins peut emprunter :
            tonnelles, tables et bancs, vaisselle réutilisable, jeux en bois pour les enfants, et un guide des
            démarches. Une petite aide de 200 € par fête financerait les boissons et l'animation.
        """),
        supports=7,
        comments=(
            C(
                "elise.deprez",
                FOR,
                text("""
                La vaisselle réutilisable, c'est l'idée qui manquait. Fini les montagnes de gobelets !
            """),
            ),
        ),
        evaluation=Evaluation(
            7_200,
            text("""
            Proposition acceptée. Le kit sera stocké à la maison de village d'Anthisnes et prêté gratuitement
            ; le budget couvre le matériel et 15 aides de 200 € la première année.
        """),
        ),
    ),
    P(
        key="tiers-lieu-gare",
        process=VIVRE_ENSEMBLE,
        author="caroline.renson",
        state=ProposalState.REJECTED,
        area="hamoir",
        category="cohesion-sociale",
        title="Transformer l'ancienne gare de Hamoir en tiers-lieu associatif",
        body=text("""
            Le bâtiment de la gare de Hamoir est fermé depuis des années. Il pourrait devenir un tiers-lieu :
            un café associatif, un espace de coworking, une salle pour les associations et un point
            d'information touristique.
        """),
        supports=6,
        comments=(
            C(
                "jean-marc.bastin",
                FOR,
                text("""
                Ce bâtiment a une âme, ce serait dommage de le laisser tomber en ruine.
            """),
                replies=(
                    C(
                        "admin",
                        NEUTRAL,
                        text("""
                    La commune a déjà pris contact avec le propriétaire. Nous vous tiendrons au courant lors
                    de l'analyse.
                """),
                    ),
                ),
            ),
            C(
                "nicolas.defays",
                NEUTRAL,
                text("""
                Le bâtiment appartient à la SNCB, non ? Ça risque d'être compliqué.
            """),
            ),
        ),
        rejection=Rejection(
            RejectionReason.NOT_FEASIBLE,
            text("""
                Le bâtiment appartient à la SNCB, qui ne souhaite ni le louer ni le vendre pour le moment, et
                un inventaire a révélé de l'amiante dans la toiture. Le projet n'est donc pas réalisable dans
                le cadre de ce fonds. La commune reste en contact avec la SNCB et reviendra vers vous si la
                situation change.
            """),
        ),
    ),
    P(
        key="ascenseur-avouerie",
        process=VIVRE_ENSEMBLE,
        author="philippe.warnier",
        state=ProposalState.REJECTED,
        area="anthisnes",
        category="aines",
        title="Un ascenseur pour accéder aux salles de l'avouerie d'Anthisnes",
        body=text("""
            Les expositions et concerts de l'avouerie d'Anthisnes se tiennent à l'étage, inaccessible aux
            personnes en chaise roulante et difficile pour beaucoup d'aînés. Un ascenseur extérieur réglerait
            le problème.
        """),
        supports=2,
        rejection=Rejection(
            RejectionReason.NOT_FEASIBLE,
            text("""
                L'avouerie est un monument classé : l'ajout d'un ascenseur extérieur a été refusé par l'Agence
                wallonne du patrimoine, et une solution intérieure coûterait plus de 200 000 €. La commune
                étudie avec l'AWaP une plateforme élévatrice, financée par d'autres moyens.
            """),
        ),
    ),
    P(
        key="cafe-papote",
        process=VIVRE_ENSEMBLE,
        author="chantal.wathelet",
        state=ProposalState.IN_DEBATE,
        area="marchin",
        category="aines",
        title="Un « café papote » hebdomadaire contre l'isolement des aînés à Marchin",
        body=text("""
            Chaque mardi après-midi, un moment convivial ouvert à tous à la salle de Belle-Maison : café, jeux
            de cartes, tricot, et parfois un invité (le facteur, l'agent de quartier, une infirmière).

            Le budget servirait au transport des personnes qui ne peuvent pas se déplacer, au matériel et à la
            formation des bénévoles à l'écoute.
        """),
        supports=5,
        comments=(
            C(
                "francoise.bodson",
                FOR,
                text("""
                À Modave, un projet semblable a fait revenir des gens qu'on ne voyait plus du tout.
            """),
            ),
            C(
                "didier.massart",
                NEUTRAL,
                text("""
                Pourquoi pas en collaboration avec la navette des aînés, pour le transport ?
            """),
            ),
        ),
    ),
    P(
        key="cinema-plein-air",
        process=VIVRE_ENSEMBLE,
        author="laurent.marchal",
        state=ProposalState.IN_DEBATE,
        area="ouffet",
        category="culture",
        title="Un cinéma en plein air itinérant l'été, une soirée par village",
        body=text("""
            Un écran gonflable, un projecteur et des transats : chaque vendredi de juillet et d'août, une
            séance gratuite dans un village différent, avec un film choisi par les habitant·e·s et une petite
            restauration tenue par les associations locales.
        """),
        supports=6,
        comments=(
            C(
                "youssef.benali",
                FOR,
                text("""
                Et pourquoi pas un court-métrage réalisé par les jeunes du coin avant chaque film ?
            """),
            ),
            C(
                "jean-marc.bastin",
                AGAINST,
                text("""
                Encore une animation pour les touristes. Les habitants de Hamoir n'en profiteront pas, comme
                toujours.
            """),
                key="cinema-critique",
            ),
        ),
    ),
    P(
        key="jardin-anthisnes",
        process=VIVRE_ENSEMBLE,
        author="elise.deprez",
        state=ProposalState.WITHDRAWN,
        area="anthisnes",
        category="cohesion-sociale",
        title="Un jardin partagé derrière la maison de village d'Anthisnes",
        body=text("""
            Un jardin partagé pour cultiver ensemble, échanger des savoirs et se retrouver entre voisins, sur
            la parcelle en friche derrière la maison de village.
        """),
        supports=1,
        comments=(
            C(
                "elise.deprez",
                NEUTRAL,
                text("""
                Bonne nouvelle : un habitant met gratuitement un terrain à notre disposition, nous n'avons
                plus besoin du fonds. Je retire la proposition et vous invite à nous rejoindre !
            """),
            ),
        ),
    ),
    # --- Patrimoine et paysages (vote open) -----------------------------------------------------------------
    P(
        key="potales",
        process=PATRIMOINE,
        author="jean-marc.bastin",
        state=ProposalState.ON_BALLOT,
        area="hamoir",
        category="patrimoine",
        title="Restaurer les potales et croix de chemin du Condroz avec un chantier de bénévoles",
        body=text("""
            Nos chemins sont jalonnés de potales, ces petites chapelles murales, et de croix de pierre,
            souvent en mauvais état : pierres descellées, statuettes volées, grilles rouillées.

            Je propose un inventaire participatif puis un chantier de restauration encadré par un tailleur de
            pierre, avec des bénévoles, sur deux étés. Un livret de promenade ferait découvrir ce petit
            patrimoine.
        """),
        supports=8,
        comments=(
            C(
                "veronique.henrard",
                FOR,
                text("""
                L'inventaire pourrait se faire avec les écoles : chaque classe adopte une potale de son
                village.
            """),
            ),
        ),
        evaluation=Evaluation(
            12_000,
            text("""
            Proposition acceptée : inventaire avec le service du patrimoine de la Province, restauration de 15
            potales et croix prioritaires par un artisan qui encadrera les bénévoles, et impression du livret.
        """),
        ),
    ),
    P(
        key="murets-clavier",
        process=PATRIMOINE,
        author="veronique.henrard",
        state=ProposalState.ON_BALLOT,
        area="clavier",
        category="patrimoine",
        title="Remonter les murets en pierre sèche du sentier des carrières de Clavier",
        body=text("""
            Le long de l'ancien sentier des carrières, des murets en pierre sèche s'effondrent. Ils font
            partie du paysage du Condroz et abritent lézards et insectes.

            Je propose des stages d'initiation à la pierre sèche, ouverts à tous, pour remonter 200 mètres de
            murets avec un muraillier professionnel.
        """),
        location=location("50.398900", "5.356700"),
        supports=7,
        comments=(
            C(
                "francois.houbion",
                FOR,
                text("""
                Je m'inscris au stage ! Un savoir-faire à transmettre avant qu'il ne se perde.
            """),
            ),
            C(
                "stephanie.lecomte",
                NEUTRAL,
                text("""
                Le sentier est-il communal sur toute sa longueur ? Une partie traverse une propriété privée.
            """),
            ),
        ),
        evaluation=Evaluation(
            18_500,
            text("""
            Proposition acceptée. Le tracé est communal sur 180 mètres ; le propriétaire du dernier tronçon a
            donné son accord écrit. Le coût comprend quatre stages de cinq jours encadrés et la pierre.
        """),
        ),
    ),
    P(
        key="signaletique",
        process=PATRIMOINE,
        author="nathalie.lejeune",
        state=ProposalState.ON_BALLOT,
        area="ouffet",
        category="patrimoine",
        title="Une signalétique commune pour les promenades et le patrimoine, en bois local",
        body=text("""
            Chaque commune a ses propres panneaux de promenade, de styles différents, souvent illisibles. Je
            propose une signalétique commune au GAL : des poteaux en bois local, des cartes aux points de
            départ et un QR code vers l'histoire de chaque lieu.
        """),
        supports=5,
        evaluation=Evaluation(
            22_000,
            text("""
            Proposition acceptée pour une première phase : 12 panneaux de départ et 60 poteaux directionnels
            sur les quatre promenades les plus fréquentées, en concertation avec la Maison du tourisme.
        """),
        ),
    ),
    P(
        key="mares-tinlot",
        process=PATRIMOINE,
        author="marc.lardinois",
        state=ProposalState.ON_BALLOT,
        area="tinlot",
        category="environnement",
        title="Recreuser les mares de village pour les tritons et les libellules",
        body=text("""
            Autrefois, chaque village avait sa mare. La plupart ont été comblées ou se sont envasées. Elles
            sont pourtant essentielles pour les amphibiens et utiles contre les inondations.

            Je propose de restaurer cinq mares communales avec Natagora et d'y installer des panneaux
            pédagogiques pour les écoles.
        """),
        supports=6,
        comments=(
            C(
                "christophe.lambotte",
                FOR,
                text("""
                La mare de Scry est presque à sec chaque été : il est temps d'agir.
            """),
            ),
        ),
        evaluation=Evaluation(
            8_000,
            text("""
            Proposition acceptée : curage et reprofilage de cinq mares, en automne pour respecter la faune,
            avec l'appui technique de Natagora.
        """),
        ),
    ),
    P(
        key="lavoir-ellemelle",
        process=PATRIMOINE,
        author="luc.dubois",
        state=ProposalState.ON_BALLOT,
        area="ouffet",
        category="patrimoine",
        title="Restaurer le lavoir d'Ellemelle et en faire une halte pour les promeneurs",
        body=text("""
            Le lavoir d'Ellemelle, du XIXe siècle, est envahi par la végétation et son toit fuit. Restauré, il
            pourrait devenir une halte agréable sur la promenade des villages, avec un banc, une table et un
            panneau racontant la vie des lavandières.
        """),
        location=location("50.452500", "5.452200"),
        supports=10,
        supporters=("marie",),
        comments=(
            C(
                "marie",
                FOR,
                text("""
                J'y passe chaque semaine en promenade : c'est l'un des plus beaux coins d'Ouffet.
            """),
                replies=(
                    C(
                        "luc.dubois",
                        NEUTRAL,
                        text("""
                    Merci Marie ! Les anciens du village ont promis de nous prêter leurs photos d'époque pour
                    le panneau.
                """),
                    ),
                ),
            ),
            C(
                "aurelie.cornet",
                FOR,
                text("""
                Pensez à un point d'eau pour les chiens et les cavaliers.
            """),
            ),
        ),
        evaluation=Evaluation(
            15_000,
            text("""
            Proposition acceptée : réfection de la toiture en ardoises, dégagement du bassin, mobilier et
            panneau d'interprétation. Le lavoir étant au petit patrimoine populaire wallon, une subvention
            régionale réduira peut-être le coût final.
        """),
        ),
    ),
    P(
        key="chateau-modave",
        process=PATRIMOINE,
        author="stephanie.lecomte",
        state=ProposalState.REJECTED,
        area="modave",
        category="culture",
        title="Ouvrir gratuitement le château de Modave aux habitants un dimanche par mois",
        body=text("""
            Beaucoup d'habitants du Condroz n'ont jamais visité le château de Modave à cause du prix d'entrée.
            Un dimanche gratuit par mois pour les habitants du GAL permettrait à tous de découvrir ce joyau de
            notre région.
        """),
        supports=3,
        comments=(
            C(
                "michel.gerard",
                FOR,
                text("""
                C'est déjà le cas lors des Journées du patrimoine, et il y a foule : la demande existe.
            """),
            ),
        ),
        rejection=Rejection(
            RejectionReason.NOT_FEASIBLE,
            text("""
                Le château est géré par une société privée qui finance son entretien par les entrées ; un
                budget participatif ne peut pas financer durablement son fonctionnement. Nous avons transmis
                l'idée au gestionnaire, qui propose déjà une réduction aux habitants de Modave.
            """),
        ),
    ),
    P(
        key="panneaux-n63",
        process=PATRIMOINE,
        author="youssef.benali",
        state=ProposalState.REJECTED,
        area="nandrin",
        category="environnement",
        title="Supprimer les panneaux publicitaires géants le long de la N63",
        body=text("""
            Les grands panneaux publicitaires le long de la N63 défigurent le paysage du Condroz à l'entrée de
            nos villages. Je propose de les supprimer.
        """),
        supports=2,
        rejection=Rejection(
            RejectionReason.OUT_OF_SCOPE,
            text("""
                La N63 est une route régionale : les panneaux qui la bordent relèvent des permis délivrés par
                la Région wallonne et des propriétaires des terrains, pas du budget participatif.
            """),
        ),
    ),
    # --- Premier budget participatif (finished) -------------------------------------------------------------
    P(
        key="abris-bus-bois",
        process=PREMIERE_EDITION,
        author="olivier.lemaire",
        state=ProposalState.SELECTED,
        area="comblain-au-pont",
        category="mobilite",
        title="Des abris de bus en bois local aux arrêts scolaires les plus exposés",
        body=text("""
            Chaque matin, des enfants attendent le bus scolaire sous la pluie, au bord de routes sans abri. Je
            propose des abris en bois de nos forêts, fabriqués par une entreprise d'économie sociale, aux huit
            arrêts scolaires les plus exposés.
        """),
        supports=9,
        comments=(
            C(
                "martine.closset",
                FOR,
                text("""
                L'arrêt de Géromont est en plein vent : les enfants seront bien contents.
            """),
            ),
        ),
        evaluation=Evaluation(
            24_000,
            text("""
            Proposition acceptée : huit abris en douglas, fabriqués par l'entreprise de travail adapté de
            Comblain et posés par les communes.
        """),
        ),
    ),
    P(
        key="defibrillateurs",
        process=PREMIERE_EDITION,
        author="caroline.renson",
        state=ProposalState.SELECTED,
        area="hamoir",
        category="cohesion-sociale",
        title="Un défibrillateur accessible jour et nuit dans chaque village, avec des formations",
        body=text("""
            En cas d'arrêt cardiaque, chaque minute compte, et l'ambulance met souvent plus de quinze minutes
            à arriver dans nos villages.

            Je propose un défibrillateur en boîtier extérieur chauffé dans chaque village, signalé sur les
            applications de secours, et des formations gratuites aux premiers secours pour les habitants.
        """),
        supports=12,
        comments=(
            C(
                "benoit.hansenne",
                FOR,
                text("""
                Je suis secouriste à la Croix-Rouge, nous pouvons assurer les formations.
            """),
            ),
            C(
                "valerie.goffin",
                FOR,
                text("""
                Indispensable. Mon père a été sauvé grâce à un défibrillateur au club de tennis.
            """),
            ),
        ),
        evaluation=Evaluation(
            19_500,
            text("""
            Proposition acceptée : 26 défibrillateurs en boîtier extérieur et 10 sessions de formation avec la
            Croix-Rouge.
        """),
        ),
    ),
    P(
        key="grainotheque",
        process=PREMIERE_EDITION,
        author="marie",
        state=ProposalState.SELECTED,
        area="ouffet",
        category="agriculture-et-alimentation",
        title="Une grainothèque à la bibliothèque d'Ouffet pour échanger les semences du potager",
        body=text("""
            Une grainothèque fonctionne comme une bibliothèque : on emprunte des graines, on les sème, et on
            rapporte des graines de ses meilleurs légumes à la fin de la saison.

            Il suffit d'un meuble à tiroirs, d'enveloppes, de quelques ateliers sur la récolte des semences et
            d'un premier stock de variétés locales.
        """),
        supports=6,
        comments=(
            C(
                "catherine.thiry",
                FOR,
                text("""
                Je garde mes graines de tomates cœur de bœuf depuis dix ans, je les partagerai avec plaisir !
            """),
            ),
        ),
        evaluation=Evaluation(
            1_800,
            text("""
            Proposition acceptée : un meuble fabriqué par la menuiserie du CPAS, le premier stock de semences
            et quatre ateliers avec une association d'agroécologie.
        """),
        ),
    ),
    P(
        key="plaine-de-jeux",
        process=PREMIERE_EDITION,
        author="julie.lhoest",
        state=ProposalState.SELECTED,
        area="nandrin",
        category="jeunesse",
        title="Rénover la plaine de jeux de Saint-Séverin et la rendre accessible à tous les enfants",
        body=text("""
            La plaine de jeux de Saint-Séverin date des années 1990 : plusieurs jeux ont été démontés pour
            raisons de sécurité et aucun n'est accessible aux enfants en situation de handicap.

            Je propose de la rénover avec des jeux inclusifs (balançoire nid, carrousel accessible, panneaux
            sensoriels), un sol amortissant et des bancs ombragés pour les parents.
        """),
        location=location("50.521700", "5.409600"),
        supports=11,
        comments=(
            C(
                "isabelle.pirard",
                FOR,
                text("""
                Il faudrait aussi une clôture : la plaine est au bord de la route.
            """),
                replies=(
                    C(
                        "julie.lhoest",
                        NEUTRAL,
                        text("""
                    Tout à fait, je l'ajoute au projet. Merci !
                """),
                    ),
                ),
            ),
            C(
                "pascal.dewez",
                AGAINST,
                text("""
                32 000 € pour une plaine de jeux, c'est beaucoup pour un seul village.
            """),
            ),
        ),
        evaluation=Evaluation(
            32_000,
            text("""
            Proposition acceptée : cinq jeux inclusifs, sol amortissant, clôture et bancs. Les enfants de
            l'école de Saint-Séverin ont participé au choix des jeux.
        """),
        ),
    ),
    P(
        key="toilettes-seches",
        process=PREMIERE_EDITION,
        author="guy.fraipont",
        state=ProposalState.NOT_SELECTED,
        area="comblain-au-pont",
        category="sport-et-loisirs",
        title="Des toilettes sèches publiques au départ des grandes promenades",
        body=text("""
            Les promeneurs sont de plus en plus nombreux au départ des grandes promenades, et il n'y a aucune
            toilette publique. Je propose des toilettes sèches entretenues par les associations locales.
        """),
        supports=4,
        comments=(
            C(
                "aurelie.cornet",
                FOR,
                text("""
                Avec de jeunes enfants, c'est un vrai manque.
            """),
            ),
        ),
        evaluation=Evaluation(
            14_000,
            text("""
            Proposition acceptée : quatre cabines de toilettes sèches et un contrat d'entretien de deux ans.
        """),
        ),
    ),
    P(
        key="fresque-tinlot",
        process=PREMIERE_EDITION,
        author="aurelie.cornet",
        state=ProposalState.NOT_SELECTED,
        area="tinlot",
        category="culture",
        title="Une fresque participative sur le mur de la salle de Tinlot",
        body=text("""
            Le grand mur gris de la salle de Tinlot pourrait accueillir une fresque réalisée avec les
            habitants et un artiste de la région, sur le thème des paysages du Condroz.
        """),
        supports=5,
        evaluation=Evaluation(
            6_500,
            text("""
            Proposition acceptée : un artiste muraliste encadrera trois journées participatives ; le coût
            comprend la préparation du mur, la peinture et un vernis anti-graffiti.
        """),
        ),
    ),
    P(
        key="nichoirs",
        process=PREMIERE_EDITION,
        author="benoit.hansenne",
        state=ProposalState.NOT_SELECTED,
        area="nandrin",
        category="environnement",
        title="Installer 200 nichoirs et gîtes à chauves-souris sur les bâtiments publics",
        body=text("""
            Les hirondelles, les martinets et les chauves-souris manquent de cavités pour nicher. Des nichoirs
            fabriqués par les écoles sur les bâtiments publics les aideraient, et permettraient un suivi
            scientifique avec les naturalistes locaux.
        """),
        supports=3,
        evaluation=Evaluation(
            5_200,
            text("""
            Proposition acceptée : 200 nichoirs et gîtes, fabriqués en ateliers avec les écoles, posés par le
            service travaux.
        """),
        ),
    ),
    P(
        key="jeux-saint-severin",
        process=PREMIERE_EDITION,
        author="isabelle.pirard",
        state=ProposalState.REJECTED,
        area="nandrin",
        category="jeunesse",
        title="De nouveaux jeux pour les enfants à Saint-Séverin",
        body=text("""
            Les jeux de la plaine de Saint-Séverin sont vieux et certains ont été retirés. Il faut en
            installer de nouveaux.
        """),
        supports=1,
        rejection=Rejection(
            RejectionReason.DUPLICATE,
            text("""
                Cette proposition demande la même chose que la rénovation de la plaine de jeux de
                Saint-Séverin, déjà en débat. Nous l'y rattachons pour regrouper les soutiens.
            """),
            duplicate_of="plaine-de-jeux",
        ),
    ),
    P(
        key="parking-hamoir",
        process=PREMIERE_EDITION,
        author="pascal.dewez",
        state=ProposalState.WITHDRAWN,
        area="hamoir",
        category="mobilite",
        title="Agrandir le parking du cimetière de Hamoir",
        body=text("""
            Lors des enterrements, les voitures se garent partout le long de la route, ce qui est dangereux.
            Je propose d'agrandir le parking du cimetière de quinze places.
        """),
        comments=(
            C(
                "pascal.dewez",
                NEUTRAL,
                text("""
                La commune m'apprend que l'agrandissement est déjà prévu dans ses travaux de l'an prochain :
                je retire ma proposition.
            """),
            ),
        ),
    ),
]

# Reports made by residents during the debate of the process "villages en transition" and "vivre ensemble".
REPORTS = [
    # Hidden by the moderator: the comment attacks a person.
    ReportSpec(
        reporter="jean-pierre.collard",
        reason=ReportReason.OFFENSIVE,
        comment="voie-lente-attaque",
        details="Ce commentaire m'accuse sans aucune preuve.",
        outcome="hidden",
        extra_reporters=("catherine.thiry",),
        moderator_reason="Ce commentaire met en cause une personne sans fondement (charte de participation, "
        "point 3 : on débat des idées, pas des personnes).",
    ),
    # Waiting in the moderation queue: advertising in a comment, and a proposal suspected of advertising.
    ReportSpec(
        reporter="francoise.bodson",
        reason=ReportReason.SPAM,
        comment="verger-bois",
        details="Publicité pour du bois de chauffage, sans rapport avec le verger.",
    ),
    ReportSpec(
        reporter="michel.gerard",
        reason=ReportReason.OTHER,
        proposal="marche-producteurs",
        details="L'auteure cite sa propre ferme fromagère : n'est-ce pas de la publicité ?",
    ),
    # Dismissed: a sharp opinion, not an abuse.
    ReportSpec(
        reporter="laurent.marchal",
        reason=ReportReason.OFFENSIVE,
        comment="cinema-critique",
        details="Commentaire méprisant envers le projet.",
        outcome="dismissed",
    ),
]


def process_spec(slug: str) -> ProcessSpec:
    return next(spec for spec in PROCESSES if spec.slug == slug)


DEMO_PROCESS_SLUGS = [spec.slug for spec in PROCESSES]
