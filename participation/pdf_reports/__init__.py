"""PDF reports rendered in the background: the registry of report kinds (`registry`) and the kinds of the
participation app (`kinds`: process report, proposal dossier). See `participation.services.pdf_reports`."""
