"""Droomhuis: tenants' dream wishes, their themes and early signals."""
