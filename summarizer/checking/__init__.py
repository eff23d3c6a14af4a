"""Checking an extraction against its source: grounding quotes, the validator, the
cross-checks and the relations between figures. Pure: no I/O, no engines.
"""
