"""Carteira Sync adapters sources layer."""
