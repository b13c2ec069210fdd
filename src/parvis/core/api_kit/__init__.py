"""What every API router of the platform and its modules uses: errors, pagination, parameters
and token authentication."""
