using Pravega.Perf.Common.Naming;

namespace Pravega.Perf.Controller.Model;

/// <summary>
/// A key-value table's shape (reference §1.16), immutable after creation: <see cref="PartitionCount"/> table segments,
/// each with fixed-length keys of <see cref="PrimaryKeyLength"/> + <see cref="SecondaryKeyLength"/> bytes.
/// </summary>
public sealed record KeyValueTableConfiguration(int PartitionCount, int PrimaryKeyLength, int SecondaryKeyLength, long RolloverSizeBytes)
{
    /// <summary>The key length of every partition segment (Pravega's <c>CreateTableTask</c>: primary + secondary).</summary>
    public int KeyLength => PrimaryKeyLength + SecondaryKeyLength;

    /// <summary>What is wrong with the configuration (Pravega's <c>KeyValueTableConfiguration</c> builder checks), or null.</summary>
    public string? Validate()
    {
        if (PartitionCount <= 0)
        {
            return $"partitionCount must be > 0 (was {PartitionCount})";
        }
        if (PrimaryKeyLength <= 0)
        {
            return $"primaryKeyLength must be > 0 (was {PrimaryKeyLength})";
        }
        if (SecondaryKeyLength < 0)
        {
            return $"secondaryKeyLength must be >= 0 (was {SecondaryKeyLength})";
        }
        if ((long)PrimaryKeyLength + SecondaryKeyLength > MaxKeyLength)
        {
            return $"primaryKeyLength + secondaryKeyLength must be <= {MaxKeyLength} (was {(long)PrimaryKeyLength + SecondaryKeyLength})";
        }
        return RolloverSizeBytes < 0 ? $"rolloverSizeBytes must be >= 0 (was {RolloverSizeBytes})" : null;
    }

    /// <summary>The segment store's largest table key (Pravega's <c>TableStore.MAXIMUM_KEY_LENGTH</c>).</summary>
    public const int MaxKeyLength = 8192;

    /// <summary>
    /// The partitions: segment numbers <paramref name="startingSegmentNumber"/> onwards, all of epoch 0, with the key
    /// space [0, 1) split evenly (a KVT never scales).
    /// </summary>
    public IReadOnlyList<SegmentRecord> Partitions(int startingSegmentNumber, long creationTime) =>
        KeyRange.Split(0, 1, PartitionCount)
            .Select((range, n) => new SegmentRecord(NameUtils.ComputeSegmentId(startingSegmentNumber + n, 0), creationTime, range.Low, range.High))
            .ToList();
}
