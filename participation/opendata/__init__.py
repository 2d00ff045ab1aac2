"""Open data: every public object of Placette as files others can read (CSV, JSON, GeoJSON, iCalendar,
pabulib) and a DCAT-AP catalogue listing them. No personal data in any of it.

- `registry`: what a dataset is (id, title, description, columns, formats, rows) and the registry apps fill
  (participation in `ParticipationConfig.ready()`, budgets in `BudgetsConfig.ready()`).
- `datasets`: participation's datasets (processes, phases, proposals, areas, categories).
- `writers`: the streaming writers, one per format.
- `catalog`: the DCAT-AP catalogue (JSON-LD); `schema_org`: the JSON-LD embedded in pages.
- `views`, `urls`: `/open-data/...`.

See docs/open-data.md."""
