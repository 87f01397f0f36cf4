using Pravega.Perf.Common;

namespace Pravega.Perf.SegmentStore.Contracts.Attributes;

/// <summary>One change to a segment attribute. Several updates in one call are applied atomically, all or none.</summary>
/// <param name="Id">The attribute id.</param>
/// <param name="Type">How the value is applied.</param>
/// <param name="Value">The new value (the delta for <see cref="AttributeUpdateType.Accumulate"/>).
/// <see cref="SegmentAttributes.NullValue"/> with <see cref="AttributeUpdateType.Replace"/> removes the attribute.</param>
/// <param name="ComparisonValue">The expected current value for <see cref="AttributeUpdateType.ReplaceIfEquals"/>;
/// ignored otherwise.</param>
public readonly record struct AttributeUpdate(Uuid Id, AttributeUpdateType Type, long Value, long ComparisonValue = long.MinValue)
{
    /// <summary>An unconditional set.</summary>
    public static AttributeUpdate Replace(Uuid id, long value) => new(id, AttributeUpdateType.Replace, value);

    /// <summary>A compare-and-set; <paramref name="expected"/> = <see cref="SegmentAttributes.NullValue"/> means "absent".</summary>
    public static AttributeUpdate ReplaceIfEquals(Uuid id, long value, long expected) =>
        new(id, AttributeUpdateType.ReplaceIfEquals, value, expected);

    /// <summary>Adds <paramref name="delta"/> to the current value.</summary>
    public static AttributeUpdate Accumulate(Uuid id, long delta) => new(id, AttributeUpdateType.Accumulate, delta);
}
