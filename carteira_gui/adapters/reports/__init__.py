"""Carteira Sync adapters reports layer."""
