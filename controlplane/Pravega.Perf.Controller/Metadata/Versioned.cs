namespace Pravega.Perf.Controller.Metadata;

/// <summary>A deserialised record with the version a conditional write must name to replace it.</summary>
public sealed record Versioned<T>(T Value, long Version);
