namespace Pravega.Perf.Client.Tables;

/// <summary>An entry read from a key-value table (Pravega's <c>TableEntry</c>): its key, current version and value.</summary>
public sealed record KeyValueTableEntry(KeyValueTableKey Key, KeyValueTableVersion Version, ReadOnlyMemory<byte> Value);

/// <summary>A key read by a key iterator, with its current version.</summary>
public sealed record KeyValueTableKeyVersion(KeyValueTableKey Key, KeyValueTableVersion Version);
