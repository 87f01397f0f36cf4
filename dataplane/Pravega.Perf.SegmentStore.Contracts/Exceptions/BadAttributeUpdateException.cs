using Pravega.Perf.Common;

namespace Pravega.Perf.SegmentStore.Contracts.Exceptions;

/// <summary>An attribute condition failed (compare-and-set mismatch, <c>None</c> on a set attribute, <c>ReplaceIfGreater</c> not greater). For an append this means a wrong event number (wire: <c>InvalidEventNumber</c>); for <c>UpdateSegmentAttribute</c> or a merge condition, <c>SegmentAttributeUpdated(false)</c>.</summary>
public sealed class BadAttributeUpdateException : SegmentStoreException
{
    /// <summary>Creates the error.</summary>
    public BadAttributeUpdateException(string segmentName, Uuid attributeId, long expectedValue, long actualValue)
        : base(segmentName, $"Segment '{segmentName}': attribute {attributeId} is {actualValue}, expected {expectedValue}.")
    {
        AttributeId = attributeId;
        ExpectedValue = expectedValue;
        ActualValue = actualValue;
    }

    /// <summary>The attribute whose condition failed.</summary>
    public Uuid AttributeId { get; }

    /// <summary>The value the update expected (<c>Long.MIN_VALUE</c> = absent).</summary>
    public long ExpectedValue { get; }

    /// <summary>The value the attribute had (<c>Long.MIN_VALUE</c> = absent).</summary>
    public long ActualValue { get; }
}
