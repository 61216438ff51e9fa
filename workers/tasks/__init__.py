"""Thin Celery tasks, one module per stage: load by id, call the stage, publish, return ids."""
