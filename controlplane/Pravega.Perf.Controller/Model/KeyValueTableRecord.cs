namespace Pravega.Perf.Controller.Model;

/// <summary>Where a key-value table is in its life (Pravega's <c>KVTableState</c>, without UNKNOWN: absent is absent).</summary>
public enum KeyValueTableState
{
    /// <summary>Recorded; its partition segments are being created.</summary>
    Creating,

    /// <summary>Usable.</summary>
    Active,

    /// <summary>Its partition segments are being deleted; the record goes last.</summary>
    Deleting,
}

/// <summary>
/// A key-value table as stored in its scope's <c>kvTablesInScope</c> table: one record holds the whole state, since a
/// table never scales (its partitions follow from the configuration).
/// </summary>
public sealed record KeyValueTableRecord(KeyValueTableConfiguration Configuration, KeyValueTableState State, long CreationTime);
