"""The French demo data of Placette (`manage.py seed_demo`): a local action group of the Condroz, its
villages, five participatory processes (one per stage of the journey), about fifty proposals in every state,
debate, supports, follows and moderation, all produced through the domain services so that it is what real use
produces.

`accounts` holds the demo people, `content` the texts and the plan, `timeline` the clock trick that lets the
services run in phases that are past today, `builder` turns the plan into rows."""
