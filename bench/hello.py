"""The bare Flask app the portal's throughput is compared with, served by the same gunicorn settings."""

from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello():
    return "Hello, world"
