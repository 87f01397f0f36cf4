namespace Pravega.Perf.Controller.Metadata;

/// <summary>A conditional metadata write found another version: someone else changed the record first.</summary>
public sealed class MetadataConflictException(string table, string? key, Exception? inner = null)
    : Exception($"metadata record '{key}' of '{table}' was changed concurrently", inner)
{
    public string Table { get; } = table;
}

/// <summary>A metadata table does not exist.</summary>
public sealed class MetadataTableNotFoundException(string table, Exception? inner = null)
    : Exception($"metadata table '{table}' does not exist", inner)
{
    public string Table { get; } = table;
}
