"""The casework pages, one module per sub-domain: ``intake`` (the reporting point and signals),
``weighing``, ``cases``, ``plan``, ``persons``, ``meetings`` (the case table and "my
actions") and ``guidance`` (decision trees). Thin: forms validate, ``casework.actions`` change,
``casework.policy`` decides what is seen."""
