"""AI-KO Smart System API (stand-in: just enough for Slipway's detection and the runbook)."""
import os

from flask import Flask, jsonify
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from prometheus_flask_exporter import PrometheusMetrics

db = SQLAlchemy()
migrate = Migrate()


def create_app():
    app = Flask(__name__)
    app.config["SQLALCHEMY_DATABASE_URI"] = os.environ["DATABASE_URL"].replace("postgresql://", "postgresql+psycopg://", 1)
    app.config["SECRET_KEY"] = os.environ["SECRET_KEY"]
    app.config["UPLOAD_FOLDER"] = os.environ.get("UPLOAD_FOLDER", "/app/uploads")
    db.init_app(app)
    migrate.init_app(app, db)
    PrometheusMetrics(app)  # /metrics, scraped by Prometheus inside the stack

    @app.get("/api/health")
    def health():
        return jsonify(status="ok")

    from .commands import register

    register(app)
    return app
