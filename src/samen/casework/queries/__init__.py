"""Reads that compose what the policy returns (``samen.casework.policy``) into what a page
shows, one module per sub-domain. They never widen what a user may see: every personal-data
query starts from a policy function or from an object a policy getter returned."""
