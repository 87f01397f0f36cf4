using Pravega.Perf.Common.Hashing;
using Pravega.Perf.Common.Naming;

namespace Pravega.Perf.Client.Tables;

/// <summary>One partition of a key-value table: its table segment.</summary>
internal sealed record KeyValueTablePartition(long SegmentId, double MaxKey, string SegmentName);

/// <summary>
/// The partitions of a key-value table and the routing of primary keys to them, as Pravega's
/// <c>KeyValueTableSegments</c>: the key's hash (<see cref="KeyValueTableHash"/>) goes to the partition with the
/// smallest upper bound at or above it (<c>NavigableMap.ceilingEntry</c>), so a key lands where a Java client puts it.
/// </summary>
internal sealed class KeyValueTablePartitions
{
    private readonly KeyValueTablePartition[] _byMaxKey;

    public KeyValueTablePartitions(string scope, string table, IEnumerable<(long SegmentId, double MaxKey)> segments)
    {
        _byMaxKey = segments.OrderBy(s => s.MaxKey)
            .Select(s => new KeyValueTablePartition(s.SegmentId, s.MaxKey, NameUtils.GetQualifiedTableSegmentName(scope, table, s.SegmentId)))
            .ToArray();
        if (_byMaxKey.Length == 0)
        {
            throw new ArgumentException($"key-value table '{scope}/{table}' has no partitions", nameof(segments));
        }
    }

    public int Count => _byMaxKey.Length;

    /// <summary>Every partition, in key-range order.</summary>
    public IReadOnlyList<KeyValueTablePartition> All => _byMaxKey;

    public KeyValueTablePartition For(ReadOnlySpan<byte> primaryKey)
    {
        var hash = KeyValueTableHash.Hash(primaryKey);
        foreach (var partition in _byMaxKey)
        {
            if (partition.MaxKey >= hash)
            {
                return partition;
            }
        }
        // The hash is below 1.0 and the last range ends at 1.0; this is only reached with a malformed range list.
        return _byMaxKey[^1];
    }
}
