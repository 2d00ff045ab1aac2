"""Read and write elections in the pabulib format (https://pabulib.org/format).

A file has three sections, each a line with its name then a header line: ``META`` (``key;value``),
``PROJECTS`` (``project_id;cost;...``) and ``VOTES`` (``voter_id;vote;...``). Cells are ``;``-separated
with CSV quoting; a cell ``none`` means a missing value. Ids are strings (``BO.OM.63/24``), never numbers.
A UTF-8 byte-order mark and CRLF line ends are accepted.

Costs and the budget are read exactly from their text (``1234.50`` is 2469/2, a decimal comma is accepted as
pabutools does): an ``int`` when whole, else a ``Fraction``. Ordinal, cumulative, scoring and choose-1 ballots
become the set of projects they name, which is what the allocation rules read; the rows themselves are kept
(order, points, other columns) so that writing an election back gives a file that reads back identical.

A malformed file raises ``PabulibFormatError`` naming the line.
"""

from __future__ import annotations

import csv
import io
import os
import re
from fractions import Fraction

from budgets.allocation.election import Election, Money, Project, Voter, as_money, natural_sorted

SECTIONS = ("meta", "projects", "votes")
VOTE_TYPES = ("approval", "choose-1", "ordinal", "cumulative", "scoring")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


class PabulibFormatError(ValueError):
    """A pabulib file that cannot be read. ``line`` is the 1-based line number, when there is one."""

    def __init__(self, message: str, line: int | None = None):
        self.line = line
        self.detail = message
        super().__init__(f"line {line}: {message}" if line is not None else message)


def parse_number(text: str) -> Money:
    """The exact value of a decimal number written in a file (``"1234.50"``, ``"1e6"``, ``"12,5"``)."""
    cleaned = text.strip().replace(",", ".")
    if not _NUMBER.fullmatch(cleaned):
        raise ValueError(f"{text!r} is not a number")
    return as_money(Fraction(cleaned))


def format_number(value: Money) -> str:
    """The shortest exact decimal text of a number that has one (``Fraction(2469, 2)`` -> ``"1234.5"``)."""
    value = Fraction(value)
    if value.denominator == 1:
        return str(value.numerator)
    denominator, twos, fives = value.denominator, 0, 0
    while denominator % 2 == 0:
        denominator, twos = denominator // 2, twos + 1
    while denominator % 5 == 0:
        denominator, fives = denominator // 5, fives + 1
    if denominator != 1:
        raise ValueError(f"{value} has no exact decimal form; pabulib numbers are decimals")
    places = max(twos, fives)
    digits = str(abs(value.numerator) * 10**places // value.denominator).rjust(places + 1, "0")
    sign = "-" if value < 0 else ""
    return f"{sign}{digits[:-places]}.{digits[-places:]}"


def _cell(text: str) -> str | None:
    text = text.strip()
    return None if text.lower() == "none" else text


def _is_blank(row: list[str]) -> bool:
    return all(not cell.strip() for cell in row)


def _fit(row: list[str], header: list[str], line: int, section: str) -> list[str]:
    """The row's cells, one per header column; trailing empty cells (a stray ``;``) are tolerated."""
    if len(row) > len(header) and _is_blank(row[len(header) :]):
        row = row[: len(header)]
    if len(row) != len(header):
        raise PabulibFormatError(
            f"{section} row has {len(row)} cells but the header has {len(header)} columns", line
        )
    return row


def parse_pabulib(text: str) -> Election:
    """Parse the text of a pabulib file. Raises ``PabulibFormatError`` on a malformed file."""
    if text.startswith("\ufeff"):
        text = text[1:]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=";")
    meta: dict[str, str] = {}
    meta_lines: dict[str, int] = {}
    projects: dict[str, Project] = {}
    project_header: list[str] | None = None
    vote_header: list[str] | None = None
    vote_rows: list[tuple[int, list[str]]] = []
    seen: set[str] = set()
    section: str | None = None
    header: list[str] = []
    try:
        for row in reader:
            line = reader.line_num
            if _is_blank(row):
                continue
            name = row[0].strip().lower()
            if name in SECTIONS and _is_blank(row[1:]):
                if name in seen:
                    raise PabulibFormatError(f"a second {name.upper()} section", line)
                seen.add(name)
                section = name
                header_row = next(reader, None)
                if header_row is None or _is_blank(header_row):
                    raise PabulibFormatError(f"the {name.upper()} section has no header line", line + 1)
                header = [cell.strip() for cell in header_row]
                if len(set(header)) != len(header):
                    raise PabulibFormatError(f"repeated column in the {name.upper()} header", reader.line_num)
                if section == "projects":
                    for column in ("project_id", "cost"):
                        if column not in header:
                            raise PabulibFormatError(
                                f"the PROJECTS header has no {column!r} column", line + 1
                            )
                    project_header = header
                elif section == "votes":
                    if "vote" not in header:
                        raise PabulibFormatError("the VOTES header has no 'vote' column", line + 1)
                    vote_header = header
                continue
            if section is None:
                raise PabulibFormatError("data before the first section (META, PROJECTS or VOTES)", line)
            if section == "meta":
                key = row[0].strip()
                if len(row) < 2 or not key or not _is_blank(row[2:]):
                    raise PabulibFormatError("a META line is 'key;value'", line)
                if key in meta:
                    raise PabulibFormatError(f"META key {key!r} is repeated", line)
                meta[key] = row[1].strip()
                meta_lines[key] = line
            elif section == "projects":
                cells = dict(
                    zip(header, (_cell(c) for c in _fit(row, header, line, "PROJECTS")), strict=True)
                )
                project_id = cells.pop("project_id")
                if not project_id:
                    raise PabulibFormatError("a project without an id", line)
                if project_id in projects:
                    raise PabulibFormatError(f"project {project_id!r} is listed twice", line)
                cost_text = cells.pop("cost")
                if cost_text is None:
                    raise PabulibFormatError(f"project {project_id!r} has no cost", line)
                try:
                    cost = parse_number(cost_text)
                except ValueError as error:
                    raise PabulibFormatError(f"project {project_id!r}: cost {error}", line) from None
                if cost < 0:
                    raise PabulibFormatError(f"project {project_id!r} has a negative cost", line)
                name_text = cells.pop("name", None)
                projects[project_id] = Project(project_id, cost, name_text, cells)
            else:
                vote_rows.append((line, _fit(row, header, line, "VOTES")))
    except csv.Error as error:
        raise PabulibFormatError(f"unreadable CSV ({error})", reader.line_num) from None

    for name in SECTIONS:
        if name not in seen:
            raise PabulibFormatError(f"the file has no {name.upper()} section")
    if "budget" not in meta:
        raise PabulibFormatError("META has no 'budget'")
    try:
        budget = parse_number(meta["budget"])
    except ValueError as error:
        raise PabulibFormatError(f"budget {error}", meta_lines["budget"]) from None
    if budget < 0:
        raise PabulibFormatError("the budget is negative", meta_lines["budget"])
    if "vote_type" not in meta:
        raise PabulibFormatError("META has no 'vote_type'")
    vote_type = meta["vote_type"].strip().lower()
    if vote_type not in VOTE_TYPES:
        raise PabulibFormatError(
            f"vote_type {meta['vote_type']!r} is not one of {', '.join(VOTE_TYPES)}", meta_lines["vote_type"]
        )

    assert project_header is not None and vote_header is not None
    voters = [_read_vote(line, row, vote_header, projects) for line, row in vote_rows]
    return Election(
        budget=budget,
        projects=projects,
        ballots=tuple(frozenset(voter.vote) for voter in voters),
        meta=meta,
        vote_type=vote_type,
        voters=tuple(voters),
        project_columns=tuple(project_header),
        vote_columns=tuple(vote_header),
    )


def _read_vote(line: int, row: list[str], header: list[str], projects: dict[str, Project]) -> Voter:
    cells = dict(zip(header, (_cell(c) for c in row), strict=True))
    voter_id = cells.pop("voter_id", None)
    vote_text = cells.pop("vote")
    vote = tuple(part.strip() for part in (vote_text or "").split(",") if part.strip())
    for project_id in vote:
        if project_id not in projects:
            raise PabulibFormatError(f"vote names an unknown project {project_id!r}", line)
    points = None
    if "points" in cells:
        points_text = cells.pop("points")
        points = tuple(part.strip() for part in (points_text or "").split(",") if part.strip())
        if len(points) != len(vote):
            raise PabulibFormatError(f"{len(vote)} projects in the vote but {len(points)} points", line)
        for value in points:
            try:
                parse_number(value)
            except ValueError as error:
                raise PabulibFormatError(f"points: {error}", line) from None
    return Voter(voter_id, vote, points, cells)


def read_pabulib(path: str | os.PathLike[str]) -> Election:
    """Read a pabulib file (UTF-8, with or without a byte-order mark)."""
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return parse_pabulib(handle.read())


def _text(value: str | None) -> str:
    return "none" if value is None else value


def format_pabulib(election: Election) -> str:
    """The election as pabulib text. Reading it back gives an equal ``Election`` (an election built without
    vote rows gets one row per ballot, numbered from 1, its projects in natural order)."""
    meta = dict(election.meta)
    budget_text = meta.get("budget")
    if budget_text is None or _parsed_or_none(budget_text) != election.budget:
        meta["budget"] = format_number(election.budget)
    if meta.get("vote_type", "").strip().lower() != election.vote_type:
        meta["vote_type"] = election.vote_type

    project_columns = list(election.project_columns)
    for required in ("project_id", "cost"):
        if required not in project_columns:
            project_columns.insert(0 if required == "project_id" else 1, required)
    if "name" not in project_columns and any(p.name is not None for p in election.projects.values()):
        project_columns.append("name")
    for project in election.projects.values():
        project_columns.extend(key for key in project.fields if key not in project_columns)

    if election.voters is not None:
        voters = election.voters
    else:
        voters = tuple(
            Voter(str(index + 1), natural_sorted(ballot)) for index, ballot in enumerate(election.ballots)
        )
    vote_columns = list(election.vote_columns)
    if "voter_id" not in vote_columns and any(voter.voter_id is not None for voter in voters):
        vote_columns.insert(0, "voter_id")
    if "vote" not in vote_columns:
        vote_columns.append("vote")
    if "points" not in vote_columns and any(voter.points is not None for voter in voters):
        vote_columns.append("points")
    for voter in voters:
        vote_columns.extend(key for key in voter.fields if key not in vote_columns)

    for project_id in election.projects:
        if "," in project_id or project_id != project_id.strip() or project_id.lower() == "none":
            raise ValueError(f"project id {project_id!r} cannot be written in a pabulib vote list")

    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(["META"])
    writer.writerow(["key", "value"])
    for key, value in meta.items():
        writer.writerow([key, value])
    writer.writerow(["PROJECTS"])
    writer.writerow(project_columns)
    for project in election.projects.values():
        values = {"project_id": project.project_id, "cost": format_number(project.cost), "name": project.name}
        values.update(project.fields)
        writer.writerow([_text(values.get(column)) for column in project_columns])
    writer.writerow(["VOTES"])
    writer.writerow(vote_columns)
    for voter in voters:
        values = {
            "voter_id": voter.voter_id,
            "vote": ",".join(voter.vote),
            "points": None if voter.points is None else ",".join(voter.points),
        }
        values.update(voter.fields)
        writer.writerow([_text(values.get(column)) for column in vote_columns])
    return out.getvalue()


def _parsed_or_none(text: str) -> Money | None:
    try:
        return parse_number(text)
    except ValueError:
        return None


def write_pabulib(election: Election, path: str | os.PathLike[str]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        handle.write(format_pabulib(election))
