/// Placeholder until this module's first file lands; see DESIGN.md for its job.
enum ContainerRuntimeModule {}
