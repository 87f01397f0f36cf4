using System.Collections.Immutable;

namespace Pravega.Perf.SegmentStore.Storage.FileSystem;

/// <summary>
/// One committed version of a segment's metadata. Immutable: a change makes a new record with the next
/// <see cref="Version"/>, which is committed as a new file, so readers holding an old record are never torn.
/// </summary>
internal sealed record SegmentRecord
{
    public required string Name { get; init; }

    /// <summary>Metadata version: 1 for the first, +1 per commit. The commit's compare-and-swap is on this number.</summary>
    public required long Version { get; init; }

    public required long OwnerEpoch { get; init; }

    /// <summary>Unique id of this version: lets a committer tell whether a newer version was built on its own.</summary>
    public Guid Id { get; init; } = Guid.NewGuid();

    /// <summary>The <see cref="Id"/> of the version this one was derived from (empty for the first).</summary>
    public Guid PreviousId { get; init; }

    /// <summary>True for the first version an epoch commits. Such versions are never deleted: see <see cref="MetadataStore"/>.</summary>
    public bool IsFence { get; init; }

    public long StartOffset { get; init; }

    public long Length { get; init; }

    public bool IsSealed { get; init; }

    /// <summary>A tombstone: the segment is being deleted.</summary>
    public bool IsDeleted { get; init; }

    /// <summary>Set on a concat source between the intent and the removal of its metadata.</summary>
    public string? MergedInto { get; init; }

    /// <summary>Set on a concat target between relinking the source's chunks and removing the source's metadata.</summary>
    public string? PendingMergeSource { get; init; }

    public ImmutableArray<ChunkRecord> Chunks { get; init; } = [];

    public SegmentStorageInfo ToInfo() => new(Name, Length, StartOffset, IsSealed, OwnerEpoch, Chunks.Length);

    /// <summary>The next version of this record, owned by <paramref name="epoch"/>.</summary>
    public SegmentRecord Next(long epoch) =>
        this with { Version = Version + 1, OwnerEpoch = epoch, IsFence = epoch != OwnerEpoch, Id = Guid.NewGuid(), PreviousId = Id };

    /// <summary>Index of the chunk that holds <paramref name="offset"/>, or -1.</summary>
    public int FindChunk(long offset)
    {
        int lo = 0, hi = Chunks.Length - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            var c = Chunks[mid];
            if (offset < c.StartOffset)
            {
                hi = mid - 1;
            }
            else if (offset >= c.EndOffset)
            {
                lo = mid + 1;
            }
            else
            {
                return mid;
            }
        }
        return -1;
    }
}
