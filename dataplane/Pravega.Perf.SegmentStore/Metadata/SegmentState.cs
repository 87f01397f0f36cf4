using Pravega.Perf.Common;
using Pravega.Perf.SegmentStore.Contracts.Attributes;

namespace Pravega.Perf.SegmentStore.Metadata;

/// <summary>
/// The mutable state of a segment. Each segment has two: the pending one, which validation reads and changes as
/// operations are accepted (before they are durable), and the committed one, which follows once their frame is
/// durable and is what readers see. Rolling back a failed frame copies committed over pending.
/// </summary>
internal sealed class SegmentState
{
    public long StartOffset { get; set; }

    public long Length { get; set; }

    public bool IsSealed { get; set; }

    public long LastModifiedMs { get; set; }

    public Dictionary<Uuid, long> Attributes { get; } = [];

    public long GetAttribute(Uuid id) => Attributes.TryGetValue(id, out var value) ? value : SegmentAttributes.NullValue;

    public void SetAttribute(Uuid id, long value)
    {
        if (value == SegmentAttributes.NullValue)
        {
            Attributes.Remove(id);
        }
        else
        {
            Attributes[id] = value;
        }
    }

    public void CopyFrom(SegmentState other)
    {
        StartOffset = other.StartOffset;
        Length = other.Length;
        IsSealed = other.IsSealed;
        LastModifiedMs = other.LastModifiedMs;
        Attributes.Clear();
        foreach (var (id, value) in other.Attributes)
        {
            Attributes[id] = value;
        }
    }
}
