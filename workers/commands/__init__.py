"""Synchronous operations on stored data that call a stage (KB import, script checks, reviews).

Tasks run the long ones in the background; the API and the CLI call the quick ones directly. Like
workers.submit, this is a surface studio/ may import; the stages themselves stay behind it.
"""
