"""schema.org JSON-LD for the pages (see `participation.opendata.schema_org`): no query, only what the page's
selector loaded."""

from django import template

from participation.opendata import schema_org

register = template.Library()


@register.simple_tag
def process_json_ld(process, timeline):
    return schema_org.json_ld_script(schema_org.process_structured_data(process, timeline))


@register.simple_tag
def proposal_json_ld(proposal):
    return schema_org.json_ld_script(schema_org.proposal_structured_data(proposal))
