"""Use cases: one module per group of user actions, over the ports in ``ports``.

sync, alerts, history, state, reports, connection. No Qt, no adapter imports here.
"""
