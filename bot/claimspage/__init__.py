"""The read-only claims page served beside the health endpoints (see ``pages``)."""
