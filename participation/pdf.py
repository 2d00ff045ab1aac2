"""PDF rendering with WeasyPrint: plain functions, HTML in, bytes out.

They never write to the database or to storage (the callers — a view, a Celery task — decide where the bytes
go) and fetch nothing from the network: no base URL, the print CSS is inlined from
`templates/reports/_print.css`, images are inline SVG, fonts are the system's.

Documents are tagged PDF/UA-1 (WeasyPrint's `pdf_variant="pdf/ua-1"`): a structure tree, the document's
language (from `<html lang>`), its title (from `<title>`, shown by readers instead of the file name) and XMP
metadata, so that screen readers can read them. Documents are printed in the site's language
(`settings.LANGUAGE_CODE`, French), whoever asked for them."""

from collections.abc import Callable

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

# Accessible tagged PDF. WeasyPrint 70 supports it on our templates (tables, lists, inline SVG, links).
PDF_VARIANT = "pdf/ua-1"


def html_to_pdf(html: str, *, progress: Callable[[str], None] | None = None) -> bytes:
    """The PDF of a complete HTML document. WeasyPrint is imported here: loading it costs a few hundred
    milliseconds that pages without PDFs should not pay. No base URL: a document may not fetch anything.
    `progress("laid_out")` is called between the layout and the writing of the file (the two slow steps),
    so that a background rendering can tell how far it is."""
    from weasyprint import HTML

    document = HTML(string=html, base_url=None).render(pdf_variant=PDF_VARIANT)
    if progress is not None:
        progress("laid_out")
    return document.write_pdf(pdf_variant=PDF_VARIANT)


def render_document_html(template_name: str, context: dict) -> str:
    """The HTML of a printed document, in the site's language."""
    with translation.override(settings.LANGUAGE_CODE):
        return render_to_string(template_name, context)


def render_document_pdf(template_name: str, context: dict) -> bytes:
    """`template_name` rendered with `context` in the site's language, as a PDF."""
    return html_to_pdf(render_document_html(template_name, context))


def absolute_url(path: str) -> str:
    """`path` on the public site (`settings.SITE_URL`), as printed on paper."""
    return f"{settings.SITE_URL}{path}"
