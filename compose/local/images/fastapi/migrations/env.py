"""Alembic environment: migrates the database named by DATABASE_URL (synchronously, through the sqlite driver)."""
import logging.config

from alembic import context
from sqlalchemy import create_engine

from gateway.db import DATABASE_URL, Base, sync_url

if context.config.config_file_name:
    logging.config.fileConfig(context.config.config_file_name)

engine = create_engine(sync_url(DATABASE_URL))
with engine.connect() as connection:
    context.configure(connection=connection, target_metadata=Base.metadata)
    with context.begin_transaction():
        context.run_migrations()
