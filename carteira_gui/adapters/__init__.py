"""Carteira Sync adapters layer."""
