"""Packaging glue pyproject.toml cannot express: the top-level ``ontology/`` folder ships inside
the wheel as ``kg/ontology`` (kg.resources looks in both places), so a non-editable install
finds the ontology, shapes and measure scheme too. Everything else is in pyproject.toml."""

from setuptools import find_packages, setup

setup(
    packages=[*find_packages(include=["kg", "kg.*"]), "kg.ontology"],
    package_dir={"kg.ontology": "ontology"},
)
