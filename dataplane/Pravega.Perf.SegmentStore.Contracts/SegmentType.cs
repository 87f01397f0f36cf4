namespace Pravega.Perf.SegmentStore.Contracts;

/// <summary>Segment type flags; the bit values are Pravega's <c>SegmentType</c>.</summary>
[Flags]
public enum SegmentType : long
{
    /// <summary>A plain stream segment.</summary>
    StreamSegment = 0,

    /// <summary>A table segment (key-value layout on top of the segment).</summary>
    TableSegment = 0x01,

    /// <summary>A table segment with fixed-length keys (includes <see cref="TableSegment"/>).</summary>
    FixedKeyLengthTableSegment = 0x04 | TableSegment,

    /// <summary>Internal to Pravega (not a user stream segment).</summary>
    Internal = 0x10,

    /// <summary>A system segment (includes <see cref="Internal"/>).</summary>
    System = 0x20 | Internal,

    /// <summary>Critical for the system to run.</summary>
    Critical = 0x40,

    /// <summary>A transient segment, deleted when the connection that created it closes.</summary>
    Transient = 0x80,
}
