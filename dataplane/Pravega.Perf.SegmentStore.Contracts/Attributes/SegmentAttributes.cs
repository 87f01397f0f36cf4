using Pravega.Perf.Common;

namespace Pravega.Perf.SegmentStore.Contracts.Attributes;

/// <summary>
/// The core attribute ids Pravega defines (msb <see cref="long.MinValue"/>, lsb a small number) and the null value.
/// Any other id (a writer id, for instance) is an extended attribute.
/// </summary>
public static class SegmentAttributes
{
    /// <summary>The value that means "no value" on the wire and in compare-and-set (<c>Long.MIN_VALUE</c>).</summary>
    public const long NullValue = long.MinValue;

    /// <summary>Creation time, milliseconds since the Unix epoch; set by the store on create.</summary>
    public static readonly Uuid CreationTime = Core(0);

    /// <summary>Number of events appended (accumulated by every append and merge).</summary>
    public static readonly Uuid EventCount = Core(1);

    /// <summary>Scale policy type (0 fixed, 1 by event rate, 2 by byte rate), as sent by <c>CreateSegment</c>.</summary>
    public static readonly Uuid ScalePolicyType = Core(2);

    /// <summary>Scale policy target rate, as sent by <c>CreateSegment</c>.</summary>
    public static readonly Uuid ScalePolicyRate = Core(3);

    /// <summary>Tier-2 rollover size in bytes (0 = default).</summary>
    public static readonly Uuid RolloverSize = Core(4);

    /// <summary>The segment type flags (<see cref="SegmentType"/>), kept as an attribute as Pravega does.</summary>
    public static readonly Uuid AttributeSegmentType = Core(9);

    /// <summary>The container epoch in which the segment was created.</summary>
    public static readonly Uuid CreationEpoch = Core(15);

    /// <summary>True for the attribute ids above (msb = <see cref="long.MinValue"/>).</summary>
    public static bool IsCore(Uuid id) => id.Msb == long.MinValue;

    private static Uuid Core(long lsb) => new(long.MinValue, lsb);
}
