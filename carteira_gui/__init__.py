"""Carteira Sync: keeps the local carteira in step with Odoo without losing planners' decisions."""

__version__ = "0.1.0"
