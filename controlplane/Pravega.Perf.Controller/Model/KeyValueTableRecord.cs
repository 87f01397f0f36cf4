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
/// table never scales (its partitions follow from the configuration and <see cref="StartingSegmentNumber"/>).
/// </summary>
public sealed record KeyValueTableRecord(KeyValueTableConfiguration Configuration, KeyValueTableState State, long CreationTime, int StartingSegmentNumber = 0)
{
    /// <summary>The partitions with their ids and key ranges (a method: derived, never stored).</summary>
    public IReadOnlyList<SegmentRecord> Partitions() => Configuration.Partitions(StartingSegmentNumber, CreationTime);
}

/// <summary>
/// The highest segment number that a deleted table used (table <c>deletedKeyValueTables</c>, key <c>scope/name</c>): a
/// table created again under the name numbers its partitions after it, so a client still holding the old table's
/// segments never writes into the new one (Pravega's <c>getSafeStartingSegmentNumberFor</c>).
/// </summary>
public sealed record DeletedKeyValueTable(int LastSegmentNumber);
