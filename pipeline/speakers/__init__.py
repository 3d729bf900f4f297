"""Helpers of the entities, speakers and affiliations stages: names, coreference, affiliations."""
