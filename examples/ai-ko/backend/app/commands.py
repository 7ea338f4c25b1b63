"""flask seed-data / flask create-admin: idempotent, run before every start."""
import os

import click

from . import db
from .models import Level, Subject, User

LEVELS = ["6e", "5e", "4e", "3e", "2nde", "1re", "Terminale"]
SUBJECTS = ["Mathématiques", "Français", "Physique-Chimie", "SVT", "Histoire-Géographie", "Anglais"]


def register(app):
    @app.cli.command("seed-data")
    def seed_data():
        for name in LEVELS:
            if not Level.query.filter_by(name=name).first():
                db.session.add(Level(name=name))
        for name in SUBJECTS:
            if not Subject.query.filter_by(name=name).first():
                db.session.add(Subject(name=name))
        db.session.commit()
        click.echo("seed-data: levels and subjects present")

    @app.cli.command("create-admin")
    def create_admin():
        email = os.environ["ADMIN_EMAIL"]
        if User.query.filter_by(email=email).first():
            click.echo(f"create-admin: {email} exists, unchanged")
            return
        db.session.add(User.admin(email, os.environ["ADMIN_PASSWORD"]))
        db.session.commit()
        click.echo(f"create-admin: created {email}")
