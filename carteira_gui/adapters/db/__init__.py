"""Carteira Sync adapters db layer."""
