"""Carteira Sync adapters odoo layer."""
