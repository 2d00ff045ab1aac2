"""The budgets part of the French demo (`manage.py seed_demo`): a vote in progress in « Patrimoine et
paysages » (two budgets, a census, voting codes, ballots online, at a desk and on paper) and the counted
results of the « Premier budget participatif ».

`demo_extension` is found by `participation.demo.extensions.installed_demo_extensions()` through the app
registry: participation never imports this package. `content` holds the plan, `builder` writes it through
the budgets services."""

from .builder import BudgetsDemo as demo_extension

__all__ = ["demo_extension"]
