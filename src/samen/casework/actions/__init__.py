"""Every change of casework state, one module per sub-domain.

Each action takes an explicit ``actor`` (``samen.audit.actor.Actor``) and explicit values, runs
in one transaction, writes its audit entry in that transaction and returns what it did. Views,
the API, tasks, commands, the demo and the tests call them the same way. A change that does not
fit the state of the object raises ``WorkflowError``.
"""


class WorkflowError(ValueError):
    """The change does not fit the state the object is in."""
