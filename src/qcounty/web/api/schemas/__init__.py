"""The API's response and request shapes (pydantic, through ninja), by what they describe."""
