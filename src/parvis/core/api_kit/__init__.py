"""What every API router of the platform and its modules uses: errors, pagination, parameters,
token authentication and the output schemas' shared resolvers (`schemas`)."""
