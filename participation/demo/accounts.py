"""The people of the demo: four accounts to try each role, and thirty residents of the Condroz who write,
comment and support. Every demo account shares one public password (the demo is public by nature)."""

from dataclasses import dataclass

DEMO_PASSWORD = "placette-demo"
DEMO_EMAIL_DOMAIN = "placette.localhost"

MODERATORS_GROUP = "Moderators"
PROCESS_ADMINISTRATORS_GROUP = "Process administrators"
EVALUATORS_GROUP = "Evaluators"

# The permission each role group carries (also created by a data migration; the seed makes sure of it).
ROLE_GROUP_PERMISSIONS = {
    MODERATORS_GROUP: "moderate",
    PROCESS_ADMINISTRATORS_GROUP: "administer_processes",
    EVALUATORS_GROUP: "evaluate",
}


@dataclass(frozen=True)
class DemoPerson:
    key: str  # how the content refers to this person
    display_name: str
    area: str  # area slug
    email: str = ""
    role: str = ""  # shown by `demo_accounts`
    group: str = ""
    superuser: bool = False

    @property
    def address(self) -> str:
        return self.email or f"{self.key}@{DEMO_EMAIL_DOMAIN}"


# The four accounts printed by `manage.py demo_accounts` (and by `make run`).
DEMO_ACCOUNTS = [
    DemoPerson("marie", "Marie Lambert", "ouffet", email=f"habitant@{DEMO_EMAIL_DOMAIN}", role="resident"),
    DemoPerson(
        "moderation",
        "Sophie Dethier",
        "hamoir",
        email=f"moderation@{DEMO_EMAIL_DOMAIN}",
        role="moderator",
        group=MODERATORS_GROUP,
    ),
    DemoPerson(
        "admin",
        "Thomas Renard",
        "nandrin",
        email=f"admin@{DEMO_EMAIL_DOMAIN}",
        role="process administrator (also Django admin)",
        group=PROCESS_ADMINISTRATORS_GROUP,
        superuser=True,
    ),
    DemoPerson(
        "evaluation",
        "Pierre Masson",
        "clavier",
        email=f"evaluation@{DEMO_EMAIL_DOMAIN}",
        role="evaluator",
        group=EVALUATORS_GROUP,
    ),
]

# Residents who author, comment and support. Keys are the local part of their address.
DEMO_RESIDENTS = [
    DemoPerson("luc.dubois", "Luc Dubois", "ouffet"),
    DemoPerson("nathalie.lejeune", "Nathalie Lejeune", "hamoir"),
    DemoPerson("jean-pierre.collard", "Jean-Pierre Collard", "anthisnes"),
    DemoPerson("veronique.henrard", "Véronique Henrard", "clavier"),
    DemoPerson("olivier.lemaire", "Olivier Lemaire", "comblain-au-pont"),
    DemoPerson("isabelle.pirard", "Isabelle Pirard", "nandrin"),
    DemoPerson("christophe.lambotte", "Christophe Lambotte", "tinlot"),
    DemoPerson("anne-francoise.delvaux", "Anne-Françoise Delvaux", "marchin"),
    DemoPerson("michel.gerard", "Michel Gérard", "modave"),
    DemoPerson("catherine.thiry", "Catherine Thiry", "ouffet"),
    DemoPerson("pascal.dewez", "Pascal Dewez", "hamoir"),
    DemoPerson("sandrine.jacquemin", "Sandrine Jacquemin", "anthisnes"),
    DemoPerson("francois.houbion", "François Houbion", "clavier"),
    DemoPerson("martine.closset", "Martine Closset", "comblain-au-pont"),
    DemoPerson("benoit.hansenne", "Benoît Hansenne", "nandrin"),
    DemoPerson("stephanie.lecomte", "Stéphanie Lecomte", "tinlot"),
    DemoPerson("didier.massart", "Didier Massart", "marchin"),
    DemoPerson("francoise.bodson", "Françoise Bodson", "modave"),
    DemoPerson("laurent.marchal", "Laurent Marchal", "ouffet"),
    DemoPerson("caroline.renson", "Caroline Renson", "hamoir"),
    DemoPerson("philippe.warnier", "Philippe Warnier", "anthisnes"),
    DemoPerson("valerie.goffin", "Valérie Goffin", "clavier"),
    DemoPerson("guy.fraipont", "Guy Fraipont", "comblain-au-pont"),
    DemoPerson("julie.lhoest", "Julie Lhoest", "nandrin"),
    DemoPerson("nicolas.defays", "Nicolas Defays", "tinlot"),
    DemoPerson("chantal.wathelet", "Chantal Wathelet", "marchin"),
    DemoPerson("marc.lardinois", "Marc Lardinois", "modave"),
    DemoPerson("aurelie.cornet", "Aurélie Cornet", "ouffet"),
    DemoPerson("jean-marc.bastin", "Jean-Marc Bastin", "hamoir"),
    DemoPerson("elise.deprez", "Élise Deprez", "anthisnes"),
    DemoPerson("youssef.benali", "Youssef Benali", "comblain-au-pont"),
    DemoPerson("lea.delhalle", "Léa Delhalle", "ouffet"),
]

DEMO_PEOPLE = DEMO_ACCOUNTS + DEMO_RESIDENTS
DEMO_EMAILS = [person.address for person in DEMO_PEOPLE]
