"""Carteira Sync gui layer."""
