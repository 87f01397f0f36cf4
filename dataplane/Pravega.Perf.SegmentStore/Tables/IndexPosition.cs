namespace Pravega.Perf.SegmentStore.Tables;

/// <summary>A copy of an <see cref="IndexEntry"/>'s fields taken under the index lock (for a page or a snapshot).</summary>
internal readonly record struct IndexPosition(byte[] Key, long Offset, long Version, int Length)
{
    public static IndexPosition Of(IndexEntry entry) => new(entry.Key, entry.Offset, entry.Version, entry.Length);
}
