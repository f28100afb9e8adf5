"""Imported by the forkserver that starts local pool workers (`engines.mp_context` preload): the models
are loaded once there, and every worker forked from it starts with them (copy-on-write), instead of
each worker loading its own."""
from .work import warm_up

warm_up()
