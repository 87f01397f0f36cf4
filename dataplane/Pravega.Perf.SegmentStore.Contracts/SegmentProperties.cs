using Pravega.Perf.Common;

namespace Pravega.Perf.SegmentStore.Contracts;

/// <summary>A snapshot of a segment's committed (durable) state, as returned by
/// <see cref="ISegmentStore.GetSegmentInfoAsync"/>.</summary>
public sealed class SegmentProperties
{
    /// <summary>Creates a snapshot.</summary>
    public SegmentProperties(string name, SegmentType type, long startOffset, long length, bool isSealed, bool isDeleted,
        DateTimeOffset lastModified, IReadOnlyDictionary<Uuid, long> attributes)
    {
        Name = name;
        Type = type;
        StartOffset = startOffset;
        Length = length;
        IsSealed = isSealed;
        IsDeleted = isDeleted;
        LastModified = lastModified;
        Attributes = attributes;
    }

    /// <summary>The segment name.</summary>
    public string Name { get; }

    /// <summary>The segment type flags given at creation.</summary>
    public SegmentType Type { get; }

    /// <summary>The truncation point: the first readable offset.</summary>
    public long StartOffset { get; }

    /// <summary>The length (the write offset): the number of bytes ever appended, including truncated ones.</summary>
    public long Length { get; }

    /// <summary>True once sealed; no more appends are accepted.</summary>
    public bool IsSealed { get; }

    /// <summary>True if deleted (normally a deleted segment is reported as missing instead).</summary>
    public bool IsDeleted { get; }

    /// <summary>When the segment was last changed.</summary>
    public DateTimeOffset LastModified { get; }

    /// <summary>All attributes with a value (core and extended: writer ids, event count, scale policy, ...).</summary>
    public IReadOnlyDictionary<Uuid, long> Attributes { get; }
}
