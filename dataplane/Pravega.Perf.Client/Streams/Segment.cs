using Pravega.Perf.Common.Naming;

namespace Pravega.Perf.Client.Streams;

/// <summary>A segment of a stream: its 64-bit id is <c>creation epoch &lt;&lt; 32 | number</c> (Pravega's <c>Segment</c>).</summary>
public sealed record Segment(ScopedStream Stream, long SegmentId)
{
    public int Number => NameUtils.GetSegmentNumber(SegmentId);

    public int Epoch => NameUtils.GetEpoch(SegmentId);

    /// <summary><c>scope/stream/n.#epoch.e</c>, the name segment stores know it by.</summary>
    public string QualifiedName => NameUtils.GetQualifiedStreamSegmentName(Stream.Scope, Stream.Name, SegmentId);

    public override string ToString() => QualifiedName;
}

/// <summary>An active segment and the routing-key range [Low, High) it owns.</summary>
public sealed record SegmentKeyRange(Segment Segment, double Low, double High);
