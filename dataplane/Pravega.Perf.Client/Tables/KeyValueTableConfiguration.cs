namespace Pravega.Perf.Client.Tables;

/// <summary>
/// A key-value table's shape (Pravega's <c>KeyValueTableConfiguration</c>), fixed at creation: the number of partitions
/// (table segments) and the exact lengths of the primary and secondary keys. Every key of the table is
/// <c>primary ‖ secondary</c>, <see cref="TotalKeyLength"/> bytes long.
/// </summary>
public sealed record KeyValueTableConfiguration
{
    /// <summary>The most bytes one key may have, primary and secondary together (Pravega's <c>TableSegment.MAXIMUM_KEY_LENGTH</c>).</summary>
    public const int MaximumKeyLength = 8192;

    /// <summary>The most bytes one value may have: 1 MiB less the largest key, so one entry fits a single store update.</summary>
    public const int MaximumValueLength = 1024 * 1024 - MaximumKeyLength;

    /// <summary>The most entries one atomic update may carry (Pravega's <c>TableSegment.MAXIMUM_BATCH_KEY_COUNT</c>).</summary>
    public const int MaximumBatchKeyCount = 256;

    public int PartitionCount { get; init; } = 1;

    public int PrimaryKeyLength { get; init; }

    public int SecondaryKeyLength { get; init; }

    /// <summary>Rollover size of the partitions' segments in long-term storage; 0 = the store's default.</summary>
    public long RolloverSizeBytes { get; init; }

    public int TotalKeyLength => PrimaryKeyLength + SecondaryKeyLength;

    /// <summary>Throws <see cref="ArgumentException"/> unless the configuration is one Pravega accepts.</summary>
    public void Validate()
    {
        if (PartitionCount <= 0)
        {
            throw new ArgumentException($"PartitionCount must be positive; given {PartitionCount}.");
        }
        if (PrimaryKeyLength <= 0)
        {
            throw new ArgumentException($"PrimaryKeyLength must be positive; given {PrimaryKeyLength}.");
        }
        if (SecondaryKeyLength < 0)
        {
            throw new ArgumentException($"SecondaryKeyLength must not be negative; given {SecondaryKeyLength}.");
        }
        if (TotalKeyLength > MaximumKeyLength)
        {
            throw new ArgumentException($"PrimaryKeyLength + SecondaryKeyLength must be at most {MaximumKeyLength}; given {TotalKeyLength}.");
        }
        if (RolloverSizeBytes < 0)
        {
            throw new ArgumentException($"RolloverSizeBytes must not be negative; given {RolloverSizeBytes}.");
        }
    }
}
