"""What the budgets part of the demo contains, as plain data (in French, like the rest of the demo): the
budgets of the process in its vote phase and of the finished one, the projects staff add, the census (fake
people: birth dates and postal codes invented for the demo), and who votes for what through which channel.

The ballots of the finished process are chosen so that its count (the greedy rule, "most votes first")
selects exactly the proposals the participation demo expects selected, while the Method of Equal Shares,
shown beside it on the results page, would have funded other projects."""

import random
from dataclasses import dataclass
from datetime import date, timedelta

from participation.demo.accounts import DEMO_ACCOUNTS, DEMO_EMAIL_DOMAIN, DEMO_RESIDENTS, DemoPerson
from participation.demo.content import PATRIMOINE, PREMIERE_EDITION

from ..models import AllocationRule, BallotRule
from ..roles import DESK_AGENTS

DESK_AGENT = DemoPerson(
    "guichet",
    "Julien Sépulchre",
    "hamoir",
    email=f"guichet@{DEMO_EMAIL_DOMAIN}",
    role="desk agent",
    group=DESK_AGENTS,
)

MATCH_FIELDS = ["birth_date", "postal_code"]
MINIMUM_AGE = 16

POSTAL_CODES = {
    "ouffet": "4590",
    "anthisnes": "4160",
    "clavier": "4560",
    "comblain-au-pont": "4170",
    "hamoir": "4180",
    "marchin": "4570",
    "modave": "4577",
    "nandrin": "4550",
    "tinlot": "4557",
}


@dataclass(frozen=True)
class CensusPerson:
    key: str  # a demo account key, or a name for people without an account (desk and paper voters)
    birth_date: date
    area: str  # area slug

    def values(self) -> dict[str, str]:
        """What the person types to prove they are on the list (the census's match fields)."""
        return {"birth_date": self.birth_date.isoformat(), "postal_code": POSTAL_CODES[self.area]}

    def row(self) -> dict[str, str]:
        """Their line of the census file."""
        return self.values() | {"area": self.area}


def fake_birth_date(number: int) -> date:
    """A different date between 1950 and 1999 for every number below 18 250 (2111 and 18 250 are coprime)."""
    return date(1950, 1, 1) + timedelta(days=number * 2111 % 18_250)


# Every account holder has one birth date, the same in every census.
ACCOUNT_HOLDERS = [DEMO_ACCOUNTS[0], *DEMO_RESIDENTS]
ACCOUNT_CENSUS = {
    person.key: CensusPerson(person.key, fake_birth_date(number), person.area)
    for number, person in enumerate(ACCOUNT_HOLDERS, start=1)
}


def people_without_account(prefix: str, first_number: int, areas: list[str]) -> list[CensusPerson]:
    return [
        CensusPerson(f"{prefix}-{index}", fake_birth_date(first_number + index), area)
        for index, area in enumerate(areas, start=1)
    ]


@dataclass(frozen=True)
class BudgetSpec:
    slug: str
    title: str
    description: str
    area: str | None  # area slug; None: the whole territory
    amount_euros: int
    ballot_rule: str
    allocation_rule: str
    max_projects: int | None = None


@dataclass(frozen=True)
class StaffProjectSpec:
    """A project staff add to a budget before the vote (not from a proposal)."""

    key: str
    budget: str  # budget slug
    title: str
    description: str
    cost_euros: int
    category: str
    area: str | None = None


@dataclass(frozen=True)
class VoterSpec:
    """A person who votes, through `channel`: "online" (an account verified against the census), "code" (a
    one-time voting code), "desk" (a desk agent casts the ballot) or "paper" (typed in twice). `ballots` maps
    a budget slug to the letters of the projects chosen (see `VoteSpec.projects`). For paper: `paper` is
    "matched" (two equal entries: counted), "mismatch" (the second entry read `second_reading`: to resolve)
    or "awaiting" (typed in once)."""

    key: str  # account key, census person key, or the number of the voting code used
    channel: str
    ballots: tuple[tuple[str, str], ...]
    paper: str = "matched"
    second_reading: str = ""


@dataclass(frozen=True)
class VoteSpec:
    process: str
    budgets: tuple[BudgetSpec, ...]
    staff_projects: tuple[StaffProjectSpec, ...]
    projects: dict[str, str]  # letter -> proposal key or staff project key
    census: tuple[CensusPerson, ...]
    codes: int  # voting codes generated
    codes_area: str | None
    voters: tuple[VoterSpec, ...]
    counted: bool  # the vote is over: budgets_advance counts it when the results phase opens


def _expanded(counts: list[tuple[str, int]], seed: int) -> list[str]:
    ballots = [letters for letters, count in counts for _ in range(count)]
    random.Random(seed).shuffle(ballots)
    return ballots


# --- Patrimoine et paysages: the vote is open -------------------------------------------------------------

TERRITORY = "tout-le-territoire"
OUFFET = "ouffet"
NANDRIN = "nandrin"

# Two identities of the census nobody has used yet: a tester signs up and verifies with them (fake data).
TESTER_IDENTITIES = [
    CensusPerson("essai-1", date(1980, 4, 12), "ouffet"),
    CensusPerson("essai-2", date(1967, 11, 3), "hamoir"),
]

_patrimoine_desk = people_without_account(
    "guichet-patrimoine", 100, ["ouffet", "hamoir", "marchin", "modave"]
)
_patrimoine_paper = people_without_account(
    "papier-patrimoine", 110, ["anthisnes", "clavier", "tinlot", "nandrin"]
)
# The residents who vote online (the first 24 and Marie, who votes in Ouffet only); the others are on the
# list and have not voted yet.
_patrimoine_online = [person.key for person in DEMO_RESIDENTS[:24]]
_patrimoine_territory = ["PAI", "MA", "PA", "MI", "PAI", "AI", "PI", "MA"]
_patrimoine_ouffet = {"luc.dubois": "SLB", "catherine.thiry": "LH", "laurent.marchal": "SL"}

PATRIMOINE_VOTE = VoteSpec(
    process=PATRIMOINE,
    budgets=(
        BudgetSpec(
            TERRITORY,
            "Tout le Condroz",
            "Pour les projets qui profitent à tout le territoire : choisissez les projets que vous voulez "
            "voir réalisés, sans dépasser l'enveloppe de 30 000 €. Les projets sont départagés par la "
            "méthode des parts égales.",
            None,
            30_000,
            BallotRule.KNAPSACK,
            AllocationRule.EQUAL_SHARES,
        ),
        BudgetSpec(
            OUFFET,
            "Ouffet, commune pilote",
            "Ouffet consacre 30 000 € à son petit patrimoine : choisissez jusqu'à trois projets. Les "
            "projets les plus soutenus sont financés tant que l'enveloppe le permet.",
            "ouffet",
            30_000,
            BallotRule.APPROVAL,
            AllocationRule.GREEDY,
            max_projects=3,
        ),
    ),
    staff_projects=(
        StaffProjectSpec(
            "inventaire",
            TERRITORY,
            "Inventorier le petit patrimoine du Condroz avec les écoles",
            "Les classes de cinquième et sixième primaire photographient et décrivent les potales, croix, "
            "lavoirs et bornes de leur village avec un guide du GAL ; l'inventaire est publié en ligne et "
            "dans une brochure.",
            5_000,
            "patrimoine",
        ),
        StaffProjectSpec(
            "bancs",
            OUFFET,
            "Des bancs en pierre du pays le long des promenades d'Ouffet",
            "Six bancs taillés par un tailleur de pierre de la région, aux points de vue des promenades "
            "balisées.",
            3_200,
            "patrimoine",
            "ouffet",
        ),
        StaffProjectSpec(
            "haies",
            OUFFET,
            "Replanter des haies champêtres le long des chemins d'Ouffet",
            "Un kilomètre de haies d'essences locales (charme, noisetier, aubépine), plantées avec les "
            "habitant·e·s et les écoles pendant la semaine de l'arbre.",
            4_500,
            "environnement",
            "ouffet",
        ),
    ),
    projects={
        "P": "potales",
        "M": "murets-clavier",
        "A": "mares-tinlot",
        "I": "inventaire",
        "S": "signaletique",
        "L": "lavoir-ellemelle",
        "B": "bancs",
        "H": "haies",
    },
    census=(
        *ACCOUNT_CENSUS.values(),
        *_patrimoine_desk,
        *_patrimoine_paper,
        *TESTER_IDENTITIES,
    ),
    codes=30,
    codes_area="ouffet",
    voters=(
        # Marie has voted in Ouffet; she can still fill her basket in the budget of the whole territory.
        VoterSpec("marie", "online", ((OUFFET, "LBH"),)),
        *(
            VoterSpec(
                key,
                "online",
                ((TERRITORY, _patrimoine_territory[index % len(_patrimoine_territory)]),)
                + (((OUFFET, _patrimoine_ouffet[key]),) if key in _patrimoine_ouffet else ()),
            )
            for index, key in enumerate(_patrimoine_online)
        ),
        VoterSpec("1", "code", ((TERRITORY, "PA"), (OUFFET, "SL"))),
        VoterSpec("2", "code", ((TERRITORY, "MI"), (OUFFET, "LH"))),
        VoterSpec(_patrimoine_desk[0].key, "desk", ((TERRITORY, "PAI"), (OUFFET, "SBH"))),
        VoterSpec(_patrimoine_desk[1].key, "desk", ((TERRITORY, "MA"),)),
        VoterSpec(_patrimoine_desk[2].key, "desk", ((TERRITORY, "PI"),)),
        VoterSpec(_patrimoine_desk[3].key, "desk", ((TERRITORY, "A"),)),
        VoterSpec(_patrimoine_paper[0].key, "paper", ((TERRITORY, "PAI"),)),
        VoterSpec(_patrimoine_paper[1].key, "paper", ((TERRITORY, "MA"),)),
        VoterSpec(_patrimoine_paper[2].key, "paper", ((TERRITORY, "PA"),), "mismatch", "PI"),
        VoterSpec(_patrimoine_paper[3].key, "paper", ((TERRITORY, "MI"),), "awaiting"),
    ),
    counted=False,
)

# --- Premier budget participatif: counted, results published ----------------------------------------------

_premiere_desk = people_without_account(
    "guichet-premiere",
    200,
    [
        "nandrin",
        "nandrin",
        "nandrin",
        "nandrin",
        "nandrin",
        "hamoir",
        "ouffet",
        "clavier",
        "tinlot",
        "marchin",
    ],
)
_premiere_paper = people_without_account(
    "papier-premiere",
    220,
    ["nandrin", "nandrin", "nandrin", "nandrin", "anthisnes", "modave", "comblain-au-pont", "ouffet"],
)
_premiere_census = {
    person.key: person for person in (*ACCOUNT_CENSUS.values(), *_premiere_desk, *_premiere_paper)
}
# 48 ballots in the budget of the territory. Greedy funds A, D and G (45 300 €) and nothing else fits;
# equal shares would have funded D, T, F and G: the voters of T and F are few but agree.
_premiere_territory = _expanded(
    [("ADG", 13), ("AD", 7), ("ATG", 5), ("DTFG", 7), ("TFG", 5), ("AF", 3), ("DG", 5), ("ADF", 3)], seed=1
)
# 12 ballots in the budget of Nandrin (its voters only). Greedy funds P; equal shares would have funded N.
_premiere_nandrin = iter(_expanded([("P", 8), ("N", 4)], seed=2))


def _premiere_voter(index: int, key: str, channel: str) -> VoterSpec:
    ballots = [(TERRITORY, _premiere_territory[index])]
    person = _premiere_census.get(key)  # voting codes are for the whole territory: no area
    if person is not None and person.area == "nandrin":
        ballots.append((NANDRIN, next(_premiere_nandrin)))
    return VoterSpec(key, channel, tuple(ballots))


PREMIERE_VOTE = VoteSpec(
    process=PREMIERE_EDITION,
    budgets=(
        BudgetSpec(
            TERRITORY,
            "Tout le territoire",
            "Les projets qui profitent aux neuf communes, dans une enveloppe de 50 000 €.",
            None,
            50_000,
            BallotRule.KNAPSACK,
            AllocationRule.GREEDY,
        ),
        BudgetSpec(
            NANDRIN,
            "Nandrin",
            "L'enveloppe de 35 000 € réservée aux projets de Nandrin, votée par ses habitant·e·s.",
            "nandrin",
            35_000,
            BallotRule.KNAPSACK,
            AllocationRule.GREEDY,
        ),
    ),
    staff_projects=(),
    projects={
        "A": "abris-bus-bois",
        "D": "defibrillateurs",
        "G": "grainotheque",
        "T": "toilettes-seches",
        "F": "fresque-tinlot",
        "P": "plaine-de-jeux",
        "N": "nichoirs",
    },
    census=tuple(_premiere_census.values()),
    codes=10,
    codes_area=None,
    voters=tuple(
        _premiere_voter(index, key, channel)
        for index, (key, channel) in enumerate(
            [("marie", "online")]
            + [(person.key, "online") for person in DEMO_RESIDENTS[:25]]
            + [(str(number), "code") for number in range(1, 5)]
            + [(person.key, "desk") for person in _premiere_desk]
            + [(person.key, "paper") for person in _premiere_paper]
        )
    ),
    counted=True,
)

VOTES = {vote.process: vote for vote in (PATRIMOINE_VOTE, PREMIERE_VOTE)}
